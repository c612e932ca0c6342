package io.callstream.standalone;

import io.callstream.embedded.Ports;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The packaged standalone process started as a child JVM on the class path that {@code
 * ./callstream} uses, with its output captured line by line.
 */
final class StandaloneChild implements AutoCloseable {

  private static final Pattern OWNER_KEY =
      Pattern.compile("owner key\\s+(cs_[a-z0-9]{12}_[\\w-]{43})");
  private static final Pattern WORKSPACE = Pattern.compile("workspace\\s+(ws_[a-z0-9]+)");

  private final Process process;
  private final List<String> stdout = new CopyOnWriteArrayList<>();
  private final List<String> stderr = new CopyOnWriteArrayList<>();

  private StandaloneChild(Process process) {
    this.process = process;
    pump(process.getInputStream(), stdout, "stdout");
    pump(process.getErrorStream(), stderr, "stderr");
  }

  static StandaloneChild start(Map<String, String> environment) throws IOException {
    Path jar = Path.of(System.getProperty("callstream.jar"));
    Path classpathFile = Path.of(System.getProperty("callstream.build.dir"), "classpath.txt");
    String classpath = jar + ":" + Files.readString(classpathFile).trim();
    String java = ProcessHandle.current().info().command().orElse("java");
    List<String> command =
        new ArrayList<>(List.of(java, "-Xmx1g", "-cp", classpath, Standalone.class.getName()));
    ProcessBuilder builder = new ProcessBuilder(command);
    builder.environment().keySet().removeIf(name -> name.startsWith("CALLSTREAM_"));
    builder.environment().remove("KAFKA_BOOTSTRAP_SERVERS");
    builder.environment().remove("DATABASE_URL");
    builder.environment().remove("FLINK_REST_ADDRESS");
    builder.environment().putAll(environment);
    builder.directory(Path.of(System.getProperty("callstream.repo.dir")).toFile());
    return new StandaloneChild(builder.start());
  }

  /**
   * The environment of a standalone that keeps its data in {@code dataDirectory} and listens on
   * free ports; a test may add to it.
   */
  static Map<String, String> environment(Path dataDirectory) {
    Map<String, String> env = new HashMap<>();
    env.put("CALLSTREAM_DATA_DIR", dataDirectory.toString());
    for (String port :
        List.of(
            "CALLSTREAM_QUERY_PORT",
            "CALLSTREAM_INGEST_PORT",
            "CALLSTREAM_KAFKA_PORT",
            "CALLSTREAM_POSTGRES_PORT",
            "CALLSTREAM_FLINK_PORT")) {
      env.put(port, Integer.toString(Ports.freePort("localhost")));
    }
    return env;
  }

  /** Waits until the banner is printed; false if the process died or the deadline passed. */
  boolean awaitUp(Duration deadline) throws InterruptedException {
    Instant end = Instant.now().plus(deadline);
    while (Instant.now().isBefore(end)) {
      if (stdout.stream().anyMatch(line -> line.startsWith("Press Ctrl-C to stop."))) {
        return true;
      }
      if (!process.isAlive()) {
        return false;
      }
      Thread.sleep(200);
    }
    return false;
  }

  Optional<String> ownerKey() {
    return find(OWNER_KEY);
  }

  Optional<String> workspaceId() {
    return find(WORKSPACE);
  }

  private Optional<String> find(Pattern pattern) {
    for (String line : stdout) {
      Matcher matcher = pattern.matcher(line);
      if (matcher.find()) {
        return Optional.of(matcher.group(1));
      }
    }
    return Optional.empty();
  }

  /**
   * Sends SIGINT, what Ctrl-C sends. A shell that started the build in the background makes its
   * children ignore SIGINT; then SIGTERM reaches the same shutdown path.
   */
  void interrupt() throws IOException, InterruptedException {
    String signal = ignoresSigint() ? "-TERM" : "-INT";
    new ProcessBuilder("kill", signal, Long.toString(process.pid())).start().waitFor();
  }

  private boolean ignoresSigint() throws IOException {
    Path status = Path.of("/proc", Long.toString(process.pid()), "status");
    for (String line : Files.readAllLines(status)) {
      if (line.startsWith("SigIgn:")) {
        long ignored = Long.parseUnsignedLong(line.substring("SigIgn:".length()).trim(), 16);
        return (ignored & (1L << 1)) != 0; // bit of signal 2, SIGINT
      }
    }
    return false;
  }

  Optional<Integer> awaitExit(Duration deadline) throws InterruptedException {
    if (process.waitFor(deadline.toMillis(), TimeUnit.MILLISECONDS)) {
      return Optional.of(process.exitValue());
    }
    return Optional.empty();
  }

  long pid() {
    return process.pid();
  }

  List<String> stdout() {
    return List.copyOf(stdout);
  }

  List<String> stderr() {
    return List.copyOf(stderr);
  }

  String output() {
    return "stdout:\n" + String.join("\n", stdout) + "\nstderr:\n" + String.join("\n", stderr);
  }

  @Override
  public void close() {
    process.descendants().forEach(ProcessHandle::destroyForcibly);
    process.destroyForcibly();
  }

  private static void pump(java.io.InputStream stream, List<String> lines, String name) {
    Thread thread =
        new Thread(
            () -> {
              try (BufferedReader reader =
                  new BufferedReader(new InputStreamReader(stream, StandardCharsets.UTF_8))) {
                String line;
                while ((line = reader.readLine()) != null) {
                  lines.add(line);
                }
              } catch (IOException e) {
                lines.add("[" + name + " closed: " + e.getMessage() + "]");
              }
            },
            "standalone-" + name);
    thread.setDaemon(true);
    thread.start();
  }
}
