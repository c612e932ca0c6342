package io.callstream.audio;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * Decodes compressed audio (MP3, AAC, Opus, Vorbis, FLAC, in MP3/ADTS/Ogg/WebM/Matroska/MP4 and
 * more) with an FFmpeg child process ({@link FfmpegProcess}) into 16 kHz blocks, keeping the
 * input's channels; FFmpeg's WAV output is read with {@link WavStreamDecoder}.
 *
 * <ul>
 *   <li>{@link #piped()}: pushed bytes stream through FFmpeg's stdin; blocks come back while the
 *       call goes on, in constant memory.
 *   <li>{@link #spooled()}: for MP4/M4A/QuickTime, whose index ({@code moov}) may sit at the end of
 *       the file where a pipe cannot seek to. Pushed bytes go to an owner-only temporary file
 *       (deleted on close) while {@link Mp4Layout} reads the top-level boxes: if {@code moov} comes
 *       first ("faststart"), the spooled bytes and all that follow stream through FFmpeg as above;
 *       if {@code mdat} comes first, the file is decoded only at {@link #finish()}, which then
 *       returns the whole call's audio, so memory grows with such a call (about 3.8 MB per channel
 *       and minute of 16 kHz floats).
 * </ul>
 *
 * <p>Not thread-safe, except {@link #close()}, which may come from any thread.
 */
final class FfmpegDecoder implements StreamDecoder {

  private static final long FINISH_TIMEOUT_MS = 60_000;
  private static final long FINISH_MS_PER_MIB = 1_000;
  private static final Pattern LOG_PREFIX = Pattern.compile("^\\[[^\\]]* @ 0x[0-9a-f]+\\] ");

  private final WavStreamDecoder wav = WavStreamDecoder.strict();
  private @Nullable Path spool;
  private @Nullable OutputStream spoolOut;
  private final Mp4Layout layout = new Mp4Layout();
  private volatile @Nullable FfmpegProcess process;
  private long bytesIn;
  private long bytesOut;
  private boolean finished;
  private volatile boolean closed;

  private FfmpegDecoder(@Nullable Path spool, @Nullable OutputStream spoolOut) {
    this.spool = spool;
    this.spoolOut = spoolOut;
  }

  /** A decoder that streams the bytes through FFmpeg as they are pushed. */
  static FfmpegDecoder piped() throws AudioFormatException {
    FfmpegDecoder decoder = new FfmpegDecoder(null, null);
    decoder.process = FfmpegProcess.start("pipe:0");
    return decoder;
  }

  /**
   * A decoder for MP4 and its kin: spools the bytes to a temporary file until the box layout shows
   * whether the index comes first (then streams) or last (then decodes at {@link #finish()}).
   */
  static FfmpegDecoder spooled() throws AudioFormatException {
    FfmpegBinary.path(); // fail now, not after the whole call was spooled
    try {
      Path file =
          Files.createTempFile(
              "callstream-audio",
              ".spool",
              PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
      return new FfmpegDecoder(file, Files.newOutputStream(file));
    } catch (IOException e) {
      throw new AudioFormatException("no room to spool the audio: " + e.getMessage(), e);
    }
  }

  /** The FFmpeg process, for tests that check it is gone; null before it started. */
  @Nullable ProcessHandle processHandle() {
    FfmpegProcess running = process;
    return running == null ? null : running.handle();
  }

  @Override
  public List<float[][]> push(byte[] bytes) throws AudioFormatException {
    Objects.requireNonNull(bytes, "bytes must not be null");
    checkOpen();
    bytesIn += bytes.length;
    if (spool != null) {
      try {
        Objects.requireNonNull(spoolOut, "spool is open until finish").write(bytes);
      } catch (IOException e) {
        throw new AudioFormatException("no room to spool the audio: " + e.getMessage(), e);
      }
      if (layout.accept(bytes) != Mp4Layout.Index.FIRST) {
        return List.of();
      }
      return streamSpooled();
    }
    FfmpegProcess running = running();
    failIfExitedWithError(running);
    running.write(bytes.clone()); // written later by another thread: the caller may reuse bytes
    return decoded(running.drainOutput());
  }

  @Override
  public List<float[][]> poll() throws AudioFormatException {
    checkOpen();
    FfmpegProcess running = process;
    if (running == null) {
      return List.of();
    }
    failIfExitedWithError(running);
    return decoded(running.drainOutput());
  }

  @Override
  public List<float[][]> finish() throws AudioFormatException {
    checkOpen();
    finished = true;
    try {
      Path file = spool;
      if (file != null) {
        closeSpool();
        if (bytesIn == 0) {
          throw new AudioFormatException("the audio stream is empty");
        }
        process = FfmpegProcess.start(file.toString());
      }
      FfmpegProcess running = running();
      running.closeInput();
      List<float[][]> blocks = new ArrayList<>(decoded(running.drainOutput()));
      long deadline =
          System.nanoTime()
              + TimeUnit.MILLISECONDS.toNanos(
                  FINISH_TIMEOUT_MS + FINISH_MS_PER_MIB * (bytesIn >> 20));
      while (!running.outputDone()) {
        if (System.nanoTime() > deadline) {
          throw new AudioFormatException("the audio decoder did not finish in time");
        }
        byte[] next = running.awaitOutput(200);
        if (next != null) {
          blocks.addAll(decoded(List.of(next)));
        }
      }
      Integer exit = running.awaitExit(Math.max(1, (deadline - System.nanoTime()) / 1_000_000));
      if (exit == null) {
        throw new AudioFormatException("the audio decoder did not finish in time");
      }
      blocks.addAll(decoded(running.drainOutput()));
      if (exit != 0) {
        throw failure(running, exit);
      }
      if (bytesOut == 0) {
        throw new AudioFormatException(
            bytesIn == 0 ? "the audio stream is empty" : "the file holds no audio stream");
      }
      blocks.addAll(wav.finish());
      return blocks;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AudioFormatException("interrupted while the audio was being decoded", e);
    } finally {
      close();
    }
  }

  /** Kills FFmpeg if it runs and deletes the spool file; never throws. */
  @Override
  public void close() {
    closed = true;
    FfmpegProcess running = process;
    if (running != null) {
      running.close();
    }
    closeSpool();
    Path file = spool;
    if (file != null) {
      deleteQuietly(file);
    }
  }

  private static void deleteQuietly(Path file) {
    try {
      Files.deleteIfExists(file);
    } catch (IOException e) {
      file.toFile().deleteOnExit(); // nothing better to do from close()
    }
  }

  /** The index comes first: feeds what was spooled to FFmpeg and streams from now on. */
  private List<float[][]> streamSpooled() throws AudioFormatException {
    Path file = Objects.requireNonNull(spool, "spooling");
    closeSpool();
    FfmpegProcess running = FfmpegProcess.start("pipe:0");
    process = running;
    try (InputStream in = Files.newInputStream(file)) {
      byte[] piece;
      while ((piece = in.readNBytes(256 * 1024)).length > 0) {
        running.write(piece);
      }
    } catch (IOException e) {
      throw new AudioFormatException("the spooled audio could not be read: " + e.getMessage(), e);
    }
    spool = null;
    deleteQuietly(file);
    return decoded(running.drainOutput());
  }

  private List<float[][]> decoded(List<byte[]> stdout) throws AudioFormatException {
    if (stdout.isEmpty()) {
      return List.of();
    }
    List<float[][]> blocks = new ArrayList<>();
    for (byte[] bytes : stdout) {
      bytesOut += bytes.length;
      blocks.addAll(wav.push(bytes));
    }
    return blocks;
  }

  private void failIfExitedWithError(FfmpegProcess running) throws AudioFormatException {
    Integer exit = running.exitCode();
    if (exit != null && exit != 0) {
      throw failure(running, exit);
    }
  }

  private AudioFormatException failure(FfmpegProcess running, int exit) {
    return new AudioFormatException("the audio could not be decoded: " + explain(running, exit));
  }

  /** FFmpeg's last error in words for a user, without FFmpeg's log prefixes and file names. */
  private String explain(FfmpegProcess running, int exit) {
    List<String> lines = new ArrayList<>();
    String spooledFile = spool == null ? null : spool.toString();
    for (String line : running.stderrTail()) {
      String clean = LOG_PREFIX.matcher(line).replaceFirst("");
      clean = clean.replace("pipe:0: ", "");
      if (spooledFile != null) {
        clean = clean.replace(spooledFile + ": ", "").replace(spooledFile, "the file");
      }
      lines.add(clean.trim());
    }
    for (String line : lines) {
      if (line.contains("does not contain any stream") || line.contains("matches no streams")) {
        return "the file holds no audio stream";
      }
      if (line.contains("not on whitelist")) {
        return "it is not in an audio format the decoder accepts";
      }
    }
    if (lines.isEmpty()) {
      return "the decoder exited with code " + exit;
    }
    String last = lines.get(lines.size() - 1);
    if (last.equals("Invalid argument") || last.startsWith("Invalid data found")) {
      return "it is not in an audio format the decoder recognises (" + last + ")";
    }
    return last;
  }

  private FfmpegProcess running() {
    return Objects.requireNonNull(process, "the process runs once started");
  }

  private void checkOpen() {
    if (closed || finished) {
      throw new IllegalStateException("the decoder was " + (closed ? "closed" : "finished"));
    }
  }

  private void closeSpool() {
    OutputStream out = spoolOut;
    spoolOut = null;
    if (out != null) {
      try {
        out.close();
      } catch (IOException e) {
        // a write error shows when FFmpeg reads the file
      }
    }
  }
}
