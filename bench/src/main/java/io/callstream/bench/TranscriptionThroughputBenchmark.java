package io.callstream.bench;

import io.callstream.analyzer.dispatch.DispatchSettings;
import io.callstream.analyzer.dispatch.Dispatcher;
import io.callstream.analyzer.dispatch.RateLimit;
import io.callstream.analyzer.transcribe.AudioChunk;
import io.callstream.analyzer.transcribe.ChunkTranscript;
import io.callstream.analyzer.transcribe.DispatchedTranscriber;
import io.callstream.analyzer.transcribe.OpenAiTranscriber;
import io.callstream.analyzer.transcribe.Transcriber;
import io.callstream.analyzer.transcribe.TranscriptionSettings;
import io.callstream.llmtest.Fault;
import io.callstream.llmtest.Latency;
import io.callstream.llmtest.OpenAiTestServer;
import io.callstream.llmtest.RecordedRequest;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * Audio hours transcribed per wall-clock hour by the real transcription client ({@link
 * OpenAiTranscriber}, the OpenAI SDK over HTTP) through the shared {@link Dispatcher}, against the
 * OpenAI test server in this process at a fixed latency L (500 ms), with dispatcher capacity C (8),
 * over about two hours of 30 s chunks of speech-like PCM (the server runs its VAD over each).
 *
 * <ol>
 *   <li><b>Concurrency bound</b>: no rate limit. Ideal: C × 30 s / L audio seconds per second (480
 *       audio hours per hour); printed as measured ÷ ideal. A warm-up round, then {@value #ROUNDS}
 *       rounds; the median counts. The server refuses with 429 above C in flight, so a dispatcher
 *       that overshoots shows up.
 *   <li><b>Rate limit</b> below that bound: the workspace's plan allows R requests a minute (120,
 *       an eighth of C / L). The limiter's bucket starts with a whole minute's allowance, which
 *       goes at the concurrency bound, so this run has that allowance plus {@value
 *       #LIMITED_EXTRA_CHUNKS} chunks; what counts is the rate after the allowance: requests
 *       started per second over the last quarter of the run (from the server's log), ideal R / 60.
 *       A ratio above 1 would mean the limiter lets too much through.
 * </ol>
 *
 * <p>Arguments: {@code [chunks] [latency ms] [capacity] [requests per minute]}.
 */
public final class TranscriptionThroughputBenchmark {

  static final int CHUNK_SECONDS = 30;
  static final int ROUNDS = 3;
  private static final String WORKSPACE = "bench";
  private static final int VARIANTS = 8;

  /** Chunks of the rate-limited run beyond the minute's allowance its bucket starts with. */
  static final int LIMITED_EXTRA_CHUNKS = 80;

  /** One run's figures: chunks, wall seconds, segments the transcripts held. */
  private record Round(int chunks, double seconds, long segments) {

    double audioHoursPerHour() {
      return chunks * (double) CHUNK_SECONDS / seconds;
    }
  }

  private TranscriptionThroughputBenchmark() {}

  public static void main(String[] args) throws Exception {
    int chunks = args.length > 0 ? Integer.parseInt(args[0]) : 240;
    Duration latency = Duration.ofMillis(args.length > 1 ? Long.parseLong(args[1]) : 500);
    int capacity = args.length > 2 ? Integer.parseInt(args[2]) : 8;
    double bound = capacity * 1000.0 / latency.toMillis(); // requests per second
    long perMinute = args.length > 3 ? Long.parseLong(args[3]) : Math.round(bound * 60 / 8);
    List<byte[]> pcm = new ArrayList<>();
    for (int i = 0; i < VARIANTS; i++) {
      pcm.add(speechLikePcm(CHUNK_SECONDS, i));
    }
    System.out.printf(
        Locale.ROOT,
        "transcription throughput: %d chunks of %d s (%.1f h of audio), L = %d ms, C = %d,"
            + " %d cores, load %.1f%n",
        chunks,
        CHUNK_SECONDS,
        chunks * CHUNK_SECONDS / 3600.0,
        latency.toMillis(),
        capacity,
        Runtime.getRuntime().availableProcessors(),
        Load.average());

    // 1. the concurrency bound
    double ideal = bound * CHUNK_SECONDS;
    List<Round> rounds = new ArrayList<>();
    int peak;
    long refused;
    try (OpenAiTestServer server = server(latency, capacity);
        Dispatcher dispatcher = Dispatcher.of(settings(capacity), w -> RateLimit.UNLIMITED);
        Transcriber transcriber = transcriber(server, dispatcher)) {
      run(transcriber, pcm, Math.max(capacity * 4, chunks / 4)); // warm-up
      for (int i = 0; i < ROUNDS; i++) {
        rounds.add(run(transcriber, pcm, chunks));
      }
      peak = server.inFlightPeak();
      refused = refused(server.requests());
    }
    System.out.println();
    System.out.println("1. concurrency bound, no rate limit");
    for (Round round : rounds) {
      System.out.printf(
          Locale.ROOT,
          "   round: %.1f s, %.0f audio h / h, %.2f segments per chunk%n",
          round.seconds(),
          round.audioHoursPerHour(),
          (double) round.segments() / round.chunks());
    }
    Round median =
        rounds.stream()
            .sorted(Comparator.comparingDouble(Round::audioHoursPerHour))
            .toList()
            .get(ROUNDS / 2);
    System.out.printf(
        Locale.ROOT,
        "   %.0f audio h / h (median of %d) ÷ ideal C × %d s / L = %.0f audio h / h = %.3f%n",
        median.audioHoursPerHour(),
        ROUNDS,
        CHUNK_SECONDS,
        ideal,
        median.audioHoursPerHour() / ideal);
    System.out.printf(
        Locale.ROOT, "   server in-flight peak %d (C = %d), 429s %d%n", peak, capacity, refused);

    // 2. a rate limit below the bound
    double limited = perMinute / 60.0;
    double idealLimited = Math.min(bound, limited) * CHUNK_SECONDS;
    Round whole;
    List<Instant> starts;
    try (OpenAiTestServer server = server(latency, capacity);
        Dispatcher dispatcher =
            Dispatcher.of(settings(capacity), w -> RateLimit.perMinute(perMinute, 0));
        Transcriber transcriber = transcriber(server, dispatcher)) {
      whole = run(transcriber, pcm, (int) perMinute + LIMITED_EXTRA_CHUNKS);
      starts = server.requests().stream().map(RecordedRequest::receivedAt).sorted().toList();
    }
    // the last quarter, or all after the first minute's allowance, whichever is shorter
    int from = (int) Math.max(starts.size() * 3L / 4, perMinute + capacity);
    double tailSeconds =
        Duration.between(starts.get(from), starts.get(starts.size() - 1)).toNanos() / 1e9;
    double tailPerSecond = (starts.size() - 1 - from) / tailSeconds;
    System.out.println();
    System.out.printf(
        Locale.ROOT,
        "2. rate limit %d requests/min per workspace (%.1f/s, below C / L = %.1f/s)%n",
        perMinute,
        limited,
        bound);
    System.out.printf(
        Locale.ROOT,
        "   whole run: %d chunks in %.1f s, %.0f audio h / h (the bucket starts with a minute's"
            + " allowance of %d)%n",
        whole.chunks(),
        whole.seconds(),
        whole.audioHoursPerHour(),
        perMinute);
    System.out.printf(
        Locale.ROOT,
        "   after it (last quarter, %d requests): %.2f requests/s = %.0f audio h / h ÷ ideal"
            + " min(C / L, R / 60) × %d s = %.0f audio h / h = %.3f (above 1: the limiter leaks)%n",
        starts.size() - 1 - from,
        tailPerSecond,
        tailPerSecond * CHUNK_SECONDS,
        CHUNK_SECONDS,
        idealLimited,
        tailPerSecond * CHUNK_SECONDS / idealLimited);
  }

  /** Submits {@code chunks} chunks at once and waits for all of them. */
  private static Round run(Transcriber transcriber, List<byte[]> pcm, int chunks) throws Exception {
    long start = System.nanoTime();
    List<CompletableFuture<ChunkTranscript>> results = new ArrayList<>(chunks);
    for (int i = 0; i < chunks; i++) {
      results.add(
          transcriber.transcribe(
              AudioChunk.of(
                  WORKSPACE,
                  "call-" + i / 120,
                  (long) (i % 120) * CHUNK_SECONDS * 1000,
                  pcm.get(i % pcm.size()))));
    }
    long segments = 0;
    for (CompletableFuture<ChunkTranscript> result : results) {
      segments += result.get(10, TimeUnit.MINUTES).segments().size();
    }
    return new Round(chunks, (System.nanoTime() - start) / 1e9, segments);
  }

  private static OpenAiTestServer server(Duration latency, int capacity) {
    return OpenAiTestServer.builder()
        .latency(Latency.fixed(latency))
        // more than C in flight is refused 429, so a dispatcher that overshoots shows
        .concurrencyLimit(capacity, Duration.ofMillis(100))
        .start();
  }

  private static DispatchSettings settings(int capacity) {
    return DispatchSettings.defaults().withMaxConcurrency(capacity);
  }

  private static Transcriber transcriber(OpenAiTestServer server, Dispatcher dispatcher) {
    TranscriptionSettings settings =
        TranscriptionSettings.of(URI.create(server.baseUrl()), "bench", Duration.ofSeconds(60));
    return DispatchedTranscriber.of(OpenAiTranscriber.create(settings), dispatcher);
  }

  private static long refused(List<RecordedRequest> requests) {
    return requests.stream().filter(r -> r.answer() == Fault.RATE_LIMITED).count();
  }

  /**
   * 16 kHz mono 16-bit PCM that the server's VAD takes for speech: after 0.5 s of silence, bursts
   * of 1 to 4 s of a harmonic tone with pauses of 0.4 to 1.2 s.
   */
  private static byte[] speechLikePcm(int seconds, long seed) {
    Random random = new Random(seed);
    int rate = 16_000;
    byte[] pcm = new byte[seconds * rate * 2];
    int total = seconds * rate;
    // a pause first: the detector takes what it hears from the first frame for the noise floor
    int n = rate / 2;
    while (n < total) {
      int burst = Math.min(total - n, rate * (1_000 + random.nextInt(3_000)) / 1000);
      double pitch = 110 + 100 * random.nextDouble();
      for (int i = 0; i < burst; i++, n++) {
        double t = (double) i / rate;
        double value =
            0.2 * Math.sin(2 * Math.PI * pitch * t) + 0.05 * Math.sin(4 * Math.PI * pitch * t);
        short sample = (short) Math.round(value * 32767);
        pcm[2 * n] = (byte) sample;
        pcm[2 * n + 1] = (byte) (sample >> 8);
      }
      n += Math.min(total - n, rate * (400 + random.nextInt(800)) / 1000);
    }
    return pcm;
  }
}
