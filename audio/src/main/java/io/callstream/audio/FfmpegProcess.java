package io.callstream.audio;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;

/**
 * One FFmpeg child process that decodes its input to 16 kHz 16-bit WAV on stdout, with a thread per
 * pipe so that the caller never waits on one: a writer feeds stdin from a bounded queue, a reader
 * moves stdout into a queue the caller drains, and a third keeps the last lines of stderr for the
 * error message. A child process rather than JNI bindings, so that malicious or corrupt input can
 * at worst kill FFmpeg, never the JVM.
 *
 * <p>{@link #write} and the drain methods serve one caller thread; {@link #close()} may come from
 * any thread.
 */
final class FfmpegProcess implements AutoCloseable {

  /** Chunks waiting for the writer before {@link #write} waits too: bounds memory per call. */
  static final int MAX_QUEUED_INPUT = 4;

  /** How long {@link #write} waits for room before it takes FFmpeg for hung. */
  static final long WRITE_STALL_SECONDS = 60;

  /**
   * The containers FFmpeg may open. A whitelist because FFmpeg's playlist demuxers (HLS, concat)
   * would otherwise follow references in a crafted file to other files or hosts.
   */
  static final String FORMAT_WHITELIST =
      "aac,aiff,amr,amrnb,amrwb,asf,au,avi,caf,flac,gsm,matroska,webm,mov,mp4,m4a,3gp,mp3,"
          + "mpegts,ogg,voc,w64,wav,wv";

  private static final int STDERR_LINES = 8;
  private static final int STDERR_LINE_CHARS = 300;
  private static final byte[] END_OF_INPUT = new byte[0];

  private final Process process;
  private final BlockingQueue<byte[]> input = new LinkedBlockingQueue<>(MAX_QUEUED_INPUT);
  private final BlockingQueue<byte[]> output = new LinkedBlockingQueue<>();
  private final Deque<String> stderrTail = new ArrayDeque<>();
  private final List<Thread> threads = new ArrayList<>(3);
  private volatile boolean outputEnded;
  private boolean inputClosed;

  private FfmpegProcess(Process process) {
    this.process = process;
  }

  /**
   * Starts FFmpeg on {@code source}: {@code pipe:0} to feed it through {@link #write}, or the path
   * of a file (then stdin stays unused).
   */
  static FfmpegProcess start(String source) throws AudioFormatException {
    boolean piped = source.equals("pipe:0");
    List<String> command =
        List.of(
            FfmpegBinary.path().toString(),
            "-hide_banner",
            "-nostats",
            "-loglevel",
            "error",
            "-nostdin", // no keyboard interaction; pipe:0 still reads the input from stdin
            "-protocol_whitelist",
            piped ? "pipe" : "file",
            "-format_whitelist",
            FORMAT_WHITELIST,
            "-i",
            source,
            "-vn",
            "-sn",
            "-dn",
            "-ar",
            Integer.toString(Pcm.SAMPLE_RATE),
            "-acodec",
            "pcm_s16le",
            "-f",
            "wav",
            "pipe:1");
    Process process;
    try {
      process = new ProcessBuilder(command).start();
    } catch (IOException e) {
      throw new AudioFormatException("the audio decoder (FFmpeg) could not be started", e);
    }
    FfmpegProcess ffmpeg = new FfmpegProcess(process);
    if (piped) {
      ffmpeg.startThread("stdin", ffmpeg::feedStdin);
    } else {
      ffmpeg.inputClosed = true;
      closeQuietly(process.getOutputStream());
    }
    ffmpeg.startThread("stdout", ffmpeg::readStdout);
    ffmpeg.startThread("stderr", ffmpeg::readStderr);
    return ffmpeg;
  }

  /** The child's process id, for tests that check it is gone. */
  long pid() {
    return process.pid();
  }

  /** The process handle, for tests that check it is gone. */
  ProcessHandle handle() {
    return process.toHandle();
  }

  /** Queues bytes for stdin; waits only while {@value #MAX_QUEUED_INPUT} chunks are queued. */
  void write(byte[] bytes) throws AudioFormatException {
    if (inputClosed) {
      throw new IllegalStateException("input was closed already");
    }
    if (bytes.length == 0) {
      return;
    }
    enqueue(bytes);
  }

  private void enqueue(byte[] bytes) throws AudioFormatException {
    try {
      if (!input.offer(bytes, WRITE_STALL_SECONDS, TimeUnit.SECONDS)) {
        throw new AudioFormatException(
            "the audio decoder stopped taking input for " + WRITE_STALL_SECONDS + " s");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AudioFormatException("interrupted while handing audio to the decoder", e);
    }
  }

  /** Ends stdin once the queued bytes are written. */
  void closeInput() throws AudioFormatException {
    if (!inputClosed) {
      enqueue(END_OF_INPUT);
      inputClosed = true;
    }
  }

  /** The stdout bytes read so far, without waiting. */
  List<byte[]> drainOutput() {
    List<byte[]> out = new ArrayList<>();
    output.drainTo(out);
    return out;
  }

  /** The next stdout bytes, waiting up to {@code millis}; null if none came in that time. */
  byte @Nullable [] awaitOutput(long millis) throws InterruptedException {
    return output.poll(millis, TimeUnit.MILLISECONDS);
  }

  /** True once stdout reached its end and every byte of it was drained. */
  boolean outputDone() {
    return outputEnded && output.isEmpty();
  }

  /** The exit code if the process has ended, otherwise null. */
  @Nullable Integer exitCode() {
    return process.isAlive() ? null : process.exitValue();
  }

  /** Waits up to {@code millis} for the process to end; its exit code, or null if it has not. */
  @Nullable Integer awaitExit(long millis) throws InterruptedException {
    return process.waitFor(millis, TimeUnit.MILLISECONDS) ? process.exitValue() : null;
  }

  /**
   * The last lines FFmpeg wrote to stderr, oldest first; once the process has ended, all of them
   * (the reader is given a moment to catch up).
   */
  List<String> stderrTail() {
    if (!process.isAlive()) {
      try {
        threads.get(threads.size() - 1).join(2_000);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    synchronized (stderrTail) {
      return List.copyOf(stderrTail);
    }
  }

  /** Kills the process and stops the threads; never throws. */
  @Override
  public void close() {
    process.destroyForcibly();
    input.clear();
    input.offer(END_OF_INPUT);
    for (Thread thread : threads) {
      thread.interrupt();
    }
    closeQuietly(process.getOutputStream());
    closeQuietly(process.getInputStream());
    closeQuietly(process.getErrorStream());
  }

  private void feedStdin() {
    boolean broken = false;
    try (OutputStream stdin = process.getOutputStream()) {
      while (true) {
        byte[] bytes = input.take();
        if (bytes == END_OF_INPUT) {
          return;
        }
        if (!broken) {
          try {
            stdin.write(bytes);
            stdin.flush();
          } catch (IOException e) {
            // FFmpeg gave up (its exit code and stderr say why): keep draining so write() never
            // waits for a reader that is gone
            broken = true;
          }
        }
      }
    } catch (IOException e) {
      // closing a pipe FFmpeg already closed
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private void readStdout() {
    byte[] buffer = new byte[64 * 1024];
    try (InputStream stdout = process.getInputStream()) {
      int n;
      while ((n = stdout.read(buffer)) >= 0) {
        if (n > 0) {
          output.add(Arrays.copyOf(buffer, n));
        }
      }
    } catch (IOException e) {
      // the process was killed
    } finally {
      outputEnded = true;
    }
  }

  private void readStderr() {
    try (BufferedReader stderr =
        new BufferedReader(
            new InputStreamReader(process.getErrorStream(), StandardCharsets.UTF_8))) {
      String line;
      while ((line = stderr.readLine()) != null) {
        if (line.isBlank()) {
          continue;
        }
        synchronized (stderrTail) {
          if (stderrTail.size() == STDERR_LINES) {
            stderrTail.removeFirst();
          }
          stderrTail.addLast(
              line.length() > STDERR_LINE_CHARS ? line.substring(0, STDERR_LINE_CHARS) : line);
        }
      }
    } catch (IOException e) {
      // the process was killed
    }
  }

  private void startThread(String pipe, Runnable body) {
    Thread thread = new Thread(body, "ffmpeg-" + process.pid() + "-" + pipe);
    thread.setDaemon(true);
    threads.add(thread);
    thread.start();
  }

  private static void closeQuietly(AutoCloseable closeable) {
    try {
      closeable.close();
    } catch (Exception e) {
      // nothing left to do: the process is gone or going
    }
  }
}
