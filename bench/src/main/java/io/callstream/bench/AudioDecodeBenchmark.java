package io.callstream.bench;

import io.callstream.audio.ChannelPcmSource;
import io.callstream.audio.MonoPcmSource;
import io.callstream.audio.Pcm;
import io.callstream.audio.SilenceChunker;
import io.callstream.audio.SpeechCutter;
import io.callstream.audio.StreamDecoder;
import java.io.IOException;
import java.io.InputStream;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;

/**
 * How fast one core turns a recorded call into chunks for transcription: decode the WAV, resample
 * to 16 kHz, find silences with the voice-activity detector and cut chunks of at most 30 s there
 * ({@code io.callstream.audio}), all on this one thread, as a multiple of real time: seconds of
 * audio per second of this thread's CPU time, and per second of wall time. The baseline, in the
 * same run, is reading the file's bytes and nothing else; the ratio says how much the audio work
 * costs over the I/O every path pays.
 *
 * <p>The call is about ten minutes of two-party speech made at start-up ({@link SpeechLikeAudio}:
 * espeak-ng, else tone bursts; the run says which) as a 44.1 kHz stereo file and a 16 kHz mono file
 * (no resampling), both read from the page cache. Paths: mixed to mono (one chunker), and per
 * channel (one resampler and one chunker per speaker, as stereo recordings are transcribed), with
 * the pull classes ({@link MonoPcmSource}, {@link ChannelPcmSource}, {@link SilenceChunker}) and
 * with the push API the transcription job uses ({@link StreamDecoder}, {@link SpeechCutter}). Each
 * path runs once to warm up and then {@value #ROUNDS} times; the median by CPU time counts.
 *
 * <p>Arguments: {@code [minutes of audio]}.
 */
public final class AudioDecodeBenchmark {

  static final int ROUNDS = 3;
  private static final int READ_BUFFER = 1 << 16;

  /** Bytes per push: ingest's audio chunks on Kafka are 512 KiB. */
  private static final int PUSH_BYTES = 512 * 1024;

  private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

  /** One path's work on a file; returns something derived from all of it, so none is skipped. */
  @FunctionalInterface
  private interface Work {
    long run(Path file) throws IOException;
  }

  /** One timed run: CPU and wall seconds, and what the work returned. */
  private record Run(double cpuSeconds, double wallSeconds, long result) {}

  private AudioDecodeBenchmark() {}

  public static void main(String[] args) throws IOException {
    double minutes = args.length > 0 ? Double.parseDouble(args[0]) : 10;
    Path directory = Files.createTempDirectory("callstream-audio-bench-");
    try {
      long made = System.nanoTime();
      SpeechLikeAudio audio = SpeechLikeAudio.make(minutes * 60, directory, 7);
      System.out.printf(
          Locale.ROOT,
          "audio decode + resample + VAD + cut on one thread: %.1f min of %s (made in %.1f s),"
              + " %d cores, load %.1f%n",
          audio.seconds() / 60,
          audio.source(),
          (System.nanoTime() - made) / 1e9,
          Runtime.getRuntime().availableProcessors(),
          Load.average());
      System.out.printf(
          Locale.ROOT,
          "files: 44.1 kHz stereo %.1f MB, 16 kHz mono %.1f MB; median of %d rounds after a"
              + " warm-up%n%n",
          Files.size(audio.stereo44k()) / 1e6,
          Files.size(audio.mono16k()) / 1e6,
          ROUNDS);
      System.out.printf(
          Locale.ROOT,
          "%-48s %8s %8s %14s %14s %10s %7s%n",
          "path",
          "CPU s",
          "wall s",
          "x real (CPU)",
          "x real (wall)",
          "÷ read",
          "chunks");
      Run stereoRead =
          report(
              "44.1k stereo: read bytes only",
              audio,
              audio.stereo44k(),
              null,
              AudioDecodeBenchmark::readBytes);
      report(
          "44.1k stereo: mono mix, chunker",
          audio,
          audio.stereo44k(),
          stereoRead,
          AudioDecodeBenchmark::monoChunks);
      report(
          "44.1k stereo: per channel, 2 chunkers",
          audio,
          audio.stereo44k(),
          stereoRead,
          AudioDecodeBenchmark::channelChunks);
      report(
          "44.1k stereo: push StreamDecoder+SpeechCutter",
          audio,
          audio.stereo44k(),
          stereoRead,
          AudioDecodeBenchmark::pushedChunks);
      Run monoRead =
          report(
              "16k mono: read bytes only",
              audio,
              audio.mono16k(),
              null,
              AudioDecodeBenchmark::readBytes);
      report(
          "16k mono: chunker", audio, audio.mono16k(), monoRead, AudioDecodeBenchmark::monoChunks);
      report(
          "16k mono: push StreamDecoder+SpeechCutter",
          audio,
          audio.mono16k(),
          monoRead,
          AudioDecodeBenchmark::pushedChunks);
      System.out.println();
      System.out.println(
          "x real = seconds of audio per second of this thread's CPU (or of wall time);"
              + " ÷ read = CPU time of the path ÷ CPU time of reading the same file's bytes");
    } finally {
      try (Stream<Path> files = Files.list(directory)) {
        for (Path file : files.toList()) {
          Files.deleteIfExists(file);
        }
      }
      Files.deleteIfExists(directory);
    }
  }

  /** Warms up, measures, prints one row and returns the median run. */
  private static Run report(String name, SpeechLikeAudio audio, Path file, Run read, Work work)
      throws IOException {
    time(work, file);
    List<Run> runs = new ArrayList<>();
    for (int i = 0; i < ROUNDS; i++) {
      runs.add(time(work, file));
    }
    runs.sort(Comparator.comparingDouble(Run::cpuSeconds));
    Run median = runs.get(runs.size() / 2);
    System.out.printf(
        Locale.ROOT,
        "%-48s %8.3f %8.3f %14.0f %14.0f %10s %7s%n",
        name,
        median.cpuSeconds(),
        median.wallSeconds(),
        audio.seconds() / median.cpuSeconds(),
        audio.seconds() / median.wallSeconds(),
        read == null
            ? "1"
            : String.format(Locale.ROOT, "%.1f", median.cpuSeconds() / read.cpuSeconds()),
        read == null ? "" : Long.toString(median.result()));
    return median;
  }

  private static Run time(Work work, Path file) throws IOException {
    long cpu = THREADS.getCurrentThreadCpuTime();
    long wall = System.nanoTime();
    long result = work.run(file);
    return new Run(
        (THREADS.getCurrentThreadCpuTime() - cpu) / 1e9, (System.nanoTime() - wall) / 1e9, result);
  }

  /** The baseline: the file's bytes read into a buffer, summed so the reading is not skipped. */
  private static long readBytes(Path file) throws IOException {
    byte[] buffer = new byte[READ_BUFFER];
    long sum = 0;
    try (InputStream in = Files.newInputStream(file)) {
      for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
        sum += n + buffer[n / 2];
      }
    }
    return sum;
  }

  /** Decode, mix to mono, resample, VAD and cut: the chunks it made. */
  private static long monoChunks(Path file) throws IOException {
    long[] chunks = {0};
    SilenceChunker chunker = SilenceChunker.of(chunk -> chunks[0]++);
    try (MonoPcmSource source = MonoPcmSource.open(Files.newInputStream(file), 0)) {
      for (Pcm pcm = source.read(); pcm != null; pcm = source.read()) {
        chunker.accept(pcm);
      }
    }
    chunker.finish();
    return chunks[0];
  }

  /**
   * The push API the transcription job uses: the file's bytes pushed in ingest's 512 KiB chunks
   * into a {@link StreamDecoder} (decode and resample), its blocks into a {@link SpeechCutter} (per
   * channel for stereo that is not dual mono): the chunks it made.
   */
  private static long pushedChunks(Path file) throws IOException {
    long[] chunks = {0};
    SpeechCutter cutter =
        SpeechCutter.of(SilenceChunker.DEFAULT_MAX_CHUNK_MS, chunk -> chunks[0]++);
    try (StreamDecoder decoder = StreamDecoder.forContentType("audio/wav");
        InputStream in = Files.newInputStream(file)) {
      for (byte[] bytes = in.readNBytes(PUSH_BYTES);
          bytes.length > 0;
          bytes = in.readNBytes(PUSH_BYTES)) {
        decoder.push(bytes).forEach(cutter::accept);
      }
      decoder.finish().forEach(cutter::accept);
    }
    cutter.finish();
    return chunks[0];
  }

  /** Decode, resample each channel, VAD and cut each channel: the chunks of both. */
  private static long channelChunks(Path file) throws IOException {
    long[] chunks = {0};
    try (ChannelPcmSource source = ChannelPcmSource.open(Files.newInputStream(file), 0)) {
      SilenceChunker[] chunkers = new SilenceChunker[source.channels()];
      for (int c = 0; c < chunkers.length; c++) {
        chunkers[c] = SilenceChunker.of(chunk -> chunks[0]++);
      }
      for (Pcm[] block = source.read(); block != null; block = source.read()) {
        for (int c = 0; c < chunkers.length; c++) {
          chunkers[c].accept(block[c]);
        }
      }
      for (SilenceChunker chunker : chunkers) {
        chunker.finish();
      }
    }
    return chunks[0];
  }
}
