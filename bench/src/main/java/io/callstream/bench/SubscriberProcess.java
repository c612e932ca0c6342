package io.callstream.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * The subscriber JVM of {@link SseFanOutBenchmark} seen from the benchmark: {@link SseSubscribers}
 * started on this process's class path, one command and one answer a line. Its standard error and
 * any stray output go to this process's standard error. Not thread-safe.
 */
final class SubscriberProcess implements AutoCloseable {

  /** A guard against a hung subscriber process, far above any command's normal time. */
  private static final Duration PATIENCE = Duration.ofMinutes(15);

  /** An answer: {@code ok} and {@code name=value} pairs. Immutable. */
  record Answer(Map<String, String> values) {

    long number(String name) {
      String value = values.get(name);
      if (value == null) {
        throw new IllegalStateException("the subscriber process did not say " + name);
      }
      return Long.parseLong(value);
    }

    String text(String name) {
      String value = values.get(name);
      if (value == null) {
        throw new IllegalStateException("the subscriber process did not say " + name);
      }
      return value;
    }

    double decimal(String name) {
      String value = values.get(name);
      if (value == null) {
        throw new IllegalStateException("the subscriber process did not say " + name);
      }
      return Double.parseDouble(value);
    }
  }

  private final Process process;
  private final Writer commands;
  private final BlockingQueue<String> answers = new LinkedBlockingQueue<>();

  private SubscriberProcess(Process process) {
    this.process = process;
    this.commands = new OutputStreamWriter(process.getOutputStream(), StandardCharsets.UTF_8);
    Thread reader = new Thread(this::readAnswers, "subscriber-process-output");
    reader.setDaemon(true);
    reader.start();
  }

  /**
   * Starts a subscriber process for at most {@code maxStreams} streams of {@code path} on {@code
   * baseUrl} with {@code bearer}, in a JVM with {@code jvmOptions}.
   */
  static SubscriberProcess start(
      URI baseUrl, String path, String bearer, int maxStreams, List<String> jvmOptions)
      throws IOException {
    Objects.requireNonNull(bearer, "bearer must not be null");
    List<String> command = new ArrayList<>();
    command.add(ProcessHandle.current().info().command().orElse("java"));
    command.addAll(jvmOptions);
    command.add("-cp");
    command.add(System.getProperty("java.class.path"));
    command.add(SseSubscribers.class.getName());
    command.add(baseUrl.toString());
    command.add(path);
    command.add(Integer.toString(maxStreams));
    ProcessBuilder builder =
        new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT);
    builder.environment().put(SseSubscribers.BEARER, bearer);
    return new SubscriberProcess(builder.start());
  }

  /** The process's id, for a profiler. */
  long pid() {
    return process.pid();
  }

  /** Sends {@code command} and waits for its answer; throws if it is an error. */
  Answer command(String command) {
    try {
      commands.write(command + "\n");
      commands.flush();
      String answer = answers.poll(PATIENCE.toSeconds(), TimeUnit.SECONDS);
      if (answer == null) {
        throw new IllegalStateException(
            "the subscriber process did not answer '" + command + "' within " + PATIENCE);
      }
      return parse(command, answer);
    } catch (IOException e) {
      throw new UncheckedIOException("the subscriber process is gone", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while waiting for the subscriber process", e);
    }
  }

  private static Answer parse(String command, String answer) {
    String[] words = answer.split(" ");
    if (!words[0].equals("ok")) {
      throw new IllegalStateException("the subscriber process failed '" + command + "': " + answer);
    }
    Map<String, String> values = new LinkedHashMap<>();
    for (int i = 1; i < words.length; i++) {
      int equals = words[i].indexOf('=');
      if (equals > 0) {
        values.put(words[i].substring(0, equals), words[i].substring(equals + 1));
      }
    }
    return new Answer(values);
  }

  private void readAnswers() {
    try (BufferedReader output =
        new BufferedReader(
            new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
      for (String line = output.readLine(); line != null; line = output.readLine()) {
        if (line.startsWith(SseSubscribers.ANSWER)) {
          answers.add(line.substring(SseSubscribers.ANSWER.length()).trim());
        } else {
          System.err.println(line);
        }
      }
    } catch (IOException e) {
      // the process ended
    }
  }

  @Override
  public void close() {
    try {
      commands.write("exit\n");
      commands.flush();
      if (!process.waitFor(30, TimeUnit.SECONDS)) {
        process.destroy();
      }
    } catch (IOException e) {
      process.destroy();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      process.destroy();
    }
  }
}
