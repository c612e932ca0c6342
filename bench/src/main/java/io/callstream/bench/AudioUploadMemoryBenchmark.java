package io.callstream.bench;

import com.sun.management.GarbageCollectionNotificationInfo;
import java.io.InputStream;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;
import javax.management.NotificationEmitter;
import javax.management.NotificationListener;
import javax.management.openmbean.CompositeData;

/**
 * Heap the ingest service keeps while it streams an audio upload into Kafka: the most heap still in
 * use after any garbage collection during a 1 GB upload, against the same for a 10 MB upload, in
 * the same process. Streaming means the difference stays flat (goal: under 64 MB).
 *
 * <p>Arguments: {@code [large upload MiB] [small upload MiB]}.
 */
public final class AudioUploadMemoryBenchmark {

  private static final long MIB = 1024 * 1024;

  private AudioUploadMemoryBenchmark() {}

  public static void main(String[] args) throws Exception {
    long large = (args.length > 0 ? Long.parseLong(args[0]) : 1024) * MIB;
    long small = (args.length > 1 ? Long.parseLong(args[1]) : 10) * MIB;
    RetainedHeap retained = RetainedHeap.watch();
    try (BenchEnvironment env = BenchEnvironment.start()) {
      HttpClient http = HttpClient.newHttpClient();
      upload(env, http, small); // warm-up
      Result smallRun = measure(env, http, retained, small);
      Result largeRun = measure(env, http, retained, large);
      System.out.printf(
          "audio upload %d MiB: peak retained heap %d MiB, %.0f MiB/s%n",
          small / MIB, smallRun.peakRetained() / MIB, smallRun.mibPerSecond());
      System.out.printf(
          "audio upload %d MiB: peak retained heap %d MiB, %.0f MiB/s%n",
          large / MIB, largeRun.peakRetained() / MIB, largeRun.mibPerSecond());
      System.out.printf(
          "heap growth %d MiB upload vs %d MiB upload: %+d MiB (goal: under 64 MiB); %d x the"
              + " data, %.2f x the retained heap%n",
          large / MIB,
          small / MIB,
          (largeRun.peakRetained() - smallRun.peakRetained()) / MIB,
          large / small,
          (double) largeRun.peakRetained() / smallRun.peakRetained());
    }
  }

  private static Result measure(
      BenchEnvironment env, HttpClient http, RetainedHeap retained, long bytes) throws Exception {
    System.gc();
    retained.reset();
    long start = System.nanoTime();
    upload(env, http, bytes);
    double seconds = (System.nanoTime() - start) / 1e9;
    return new Result(retained.peak(), bytes / (double) MIB / seconds);
  }

  /** Streams {@code bytes} of generated audio, never holding them in memory on the client. */
  private static void upload(BenchEnvironment env, HttpClient http, long bytes) throws Exception {
    String callId = env.createCall(http);
    HttpRequest request =
        HttpRequest.newBuilder(
                URI.create(
                    env.ingestUrl()
                        + "/v1/workspaces/"
                        + env.workspaceId()
                        + "/calls/"
                        + callId
                        + "/audio"))
            .header("Authorization", env.bearer())
            .header("Content-Type", "audio/wav")
            .PUT(
                HttpRequest.BodyPublishers.fromPublisher(
                    HttpRequest.BodyPublishers.ofInputStream(() -> new GeneratedAudio(bytes)),
                    bytes))
            .build();
    HttpResponse<String> answer = http.send(request, HttpResponse.BodyHandlers.ofString());
    if (answer.statusCode() / 100 != 2) {
      throw new IllegalStateException(
          "upload answered " + answer.statusCode() + ": " + answer.body());
    }
  }

  private record Result(long peakRetained, double mibPerSecond) {}

  /** Pseudo-random bytes of a given length, made as they are read. */
  private static final class GeneratedAudio extends InputStream {
    private long remaining;
    private long state = 0x9E3779B97F4A7C15L;

    GeneratedAudio(long length) {
      this.remaining = length;
    }

    @Override
    public int read() {
      if (remaining <= 0) {
        return -1;
      }
      remaining--;
      state ^= state << 13;
      state ^= state >>> 7;
      state ^= state << 17;
      return (int) (state & 0xFF);
    }

    @Override
    public int read(byte[] buffer, int offset, int length) {
      if (remaining <= 0) {
        return -1;
      }
      int n = (int) Math.min(length, remaining);
      for (int i = 0; i < n; i++) {
        state ^= state << 13;
        state ^= state >>> 7;
        state ^= state << 17;
        buffer[offset + i] = (byte) state;
      }
      remaining -= n;
      return n;
    }
  }

  /**
   * The most heap in use right after a garbage collection: memory that is really held, not garbage
   * that has not been collected yet.
   */
  private static final class RetainedHeap implements NotificationListener {
    private final AtomicLong peak = new AtomicLong();
    private final Set<String> heapPools =
        ManagementFactory.getMemoryPoolMXBeans().stream()
            .filter(pool -> pool.getType() == MemoryType.HEAP)
            .map(MemoryPoolMXBean::getName)
            .collect(Collectors.toSet());

    static RetainedHeap watch() {
      RetainedHeap watcher = new RetainedHeap();
      for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
        ((NotificationEmitter) gc).addNotificationListener(watcher, null, null);
      }
      return watcher;
    }

    @Override
    public void handleNotification(javax.management.Notification notification, Object handback) {
      if (!GarbageCollectionNotificationInfo.GARBAGE_COLLECTION_NOTIFICATION.equals(
          notification.getType())) {
        return;
      }
      var info = GarbageCollectionNotificationInfo.from((CompositeData) notification.getUserData());
      long used =
          info.getGcInfo().getMemoryUsageAfterGc().entrySet().stream()
              .filter(pool -> heapPools.contains(pool.getKey()))
              .mapToLong(pool -> pool.getValue().getUsed())
              .sum();
      peak.accumulateAndGet(used, Math::max);
    }

    void reset() {
      peak.set(0);
    }

    long peak() {
      return peak.get();
    }
  }
}
