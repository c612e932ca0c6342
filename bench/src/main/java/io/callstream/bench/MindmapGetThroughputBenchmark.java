package io.callstream.bench;

import static java.nio.charset.StandardCharsets.UTF_8;

import io.callstream.core.crypto.Field;
import io.callstream.core.crypto.FieldCipher;
import io.callstream.core.meeting.Meeting;
import io.callstream.core.meeting.Meetings;
import io.callstream.core.result.MindmapNode;
import io.callstream.core.result.ResultJson;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.r2dbc.pool.ConnectionPool;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;
import reactor.netty.http.client.HttpClient;
import reactor.netty.resources.ConnectionProvider;
import reactor.netty.resources.LoopResources;
import tools.jackson.databind.json.JsonMapper;

/**
 * Requests per second of {@code GET /v1/workspaces/{ws}/calls/{id}/mindmap} through the query API
 * (HTTP, API-key check, select, decryption, JSON), divided by the rate of a raw R2DBC select of the
 * same row, with the same concurrency, in the same process and run. The mindmap is one of realistic
 * size (8 topics of 6 key points) made from a real meeting, encrypted with the service's keys.
 * Three more lines explain the ratio: the raw select plus decryption and JSON, the API-key check
 * alone, and the GET of a call without a mindmap (all of the GET but decryption and JSON).
 *
 * <p>Arguments: {@code [seconds per run] [concurrency]}.
 */
public final class MindmapGetThroughputBenchmark {

  private static final int ROUNDS = 3;
  private static final String MEETING = "education_19";
  private static final int TOPICS = 8;
  private static final int KEY_POINTS_PER_TOPIC = 6;

  private static final String GET = "GET mindmap";
  private static final String RAW = "raw R2DBC select";
  private static final String UNSCOPED = "raw select, owner, no scope";
  private static final String DECRYPT_JSON = "raw select + decrypt + JSON";
  private static final String API_KEY = "API-key check alone";
  private static final String NOT_FOUND = "GET without mindmap (404)";

  private MindmapGetThroughputBenchmark() {}

  public static void main(String[] args) throws Exception {
    int seconds = args.length > 0 ? Integer.parseInt(args[0]) : 10;
    int concurrency = args.length > 1 ? Integer.parseInt(args[1]) : 32;
    Duration length = Duration.ofSeconds(seconds);
    // The client's own event loops, so it does not share the server's.
    LoopResources clientLoops =
        LoopResources.create("bench-client", Runtime.getRuntime().availableProcessors(), true);
    ConnectionProvider connections =
        ConnectionProvider.builder("bench-client").maxConnections(concurrency).build();
    try (QueryApiEnvironment env = QueryApiEnvironment.start()) {
      String callId = env.newCall("Mindmap benchmark");
      String callWithoutMindmap = env.newCall("Mindmap benchmark, not analyzed yet");
      Meeting meeting = Meetings.load(MEETING);
      MindmapNode mindmap = RealisticMindmap.of(meeting, callId, TOPICS, KEY_POINTS_PER_TOPIC);
      byte[] plaintext = ResultJson.write(mindmap);
      byte[] ciphertext =
          env.bean(FieldCipher.class).encrypt(env.workspaceId(), callId, Field.MINDMAP, plaintext);
      env.storeMindmap(callId, 1, ciphertext, "local");
      HttpClient http =
          HttpClient.create(connections)
              .runOn(clientLoops)
              .baseUrl(env.url().toString())
              .headers(
                  headers ->
                      headers
                          .set(HttpHeaderNames.AUTHORIZATION, "Bearer " + env.ownerKey())
                          .set(HttpHeaderNames.ACCEPT, "application/json"));
      ConnectionPool raw = env.rawPool();
      ConnectionPool owner = env.ownerPool();
      try {
        MindmapReads reads = MindmapReads.of(env, http, raw, owner, callId, callWithoutMindmap);
        byte[] answer = checkedAnswer(reads, env.bean(JsonMapper.class));
        System.out.printf(
            Locale.ROOT,
            "mindmap of %s (%d turns): %d nodes (%d topics x %d key points), %d citations;"
                + " JSON %d bytes, ciphertext %d bytes, GET answer %d bytes%n",
            meeting.name(),
            meeting.turns().size(),
            mindmap.size(),
            TOPICS,
            KEY_POINTS_PER_TOPIC,
            citations(mindmap),
            plaintext.length,
            ciphertext.length,
            answer.length);
        System.out.printf(
            Locale.ROOT,
            "client, server, R2DBC driver and PostgreSQL all run on this machine's %d cores"
                + " (load average %.2f): every rate below is shared-CPU, not a server capacity;"
                + " %d in flight, %d s a run, R2DBC pools of %d connections (service and raw)%n",
            Runtime.getRuntime().availableProcessors(),
            Load.average(),
            concurrency,
            seconds,
            env.servicePool().getMaxAllocatedSize());
        Map<String, Supplier<Mono<?>>> paths = new LinkedHashMap<>();
        paths.put(GET, reads::get);
        paths.put(RAW, reads::select);
        paths.put(UNSCOPED, reads::selectUnscoped);
        paths.put(DECRYPT_JSON, reads::selectDecryptAndWrite);
        paths.put(API_KEY, reads::checkApiKey);
        paths.put(NOT_FOUND, reads::getWithoutMindmap);
        // Warm every path up (JIT, connections, prepared statements) before measuring.
        paths.forEach((name, path) -> ClosedLoop.run(concurrency, length, path));
        Map<String, List<Measured>> runs = new LinkedHashMap<>();
        try (CpuSampler cpu = CpuSampler.start()) {
          for (int round = 1; round <= ROUNDS; round++) {
            for (Map.Entry<String, Supplier<Mono<?>>> path : paths.entrySet()) {
              runs.computeIfAbsent(path.getKey(), name -> new ArrayList<>())
                  .add(Measured.run(cpu, concurrency, length, path.getValue()));
            }
            System.out.printf(
                Locale.ROOT,
                "round %d: GET %.0f/s, raw select %.0f/s, ratio %.3f%n",
                round,
                last(runs.get(GET)).perSecond(),
                last(runs.get(RAW)).perSecond(),
                last(runs.get(GET)).perSecond() / last(runs.get(RAW)).perSecond());
          }
        }
        Map<String, Measured> medians = new LinkedHashMap<>();
        runs.forEach((name, rounds) -> medians.put(name, median(rounds)));
        medians.forEach(
            (name, measured) ->
                System.out.printf(
                    Locale.ROOT,
                    "%-28s %s  JVM CPU %s%n",
                    name,
                    measured.run().figures(),
                    measured.cpuPerOperation()));
        medians.forEach(
            (name, measured) ->
                System.out.printf(
                    Locale.ROOT,
                    "%-28s CPU by thread (cores): %s%n",
                    name,
                    measured.cpuByThread()));
        System.out.printf(
            Locale.ROOT,
            "mindmap GET throughput: GET %.0f/s vs raw R2DBC select %.0f/s: ratio %.3f"
                + " (GET vs raw select + decrypt + JSON: %.3f); rates the median of %d rounds,"
                + " ratios the median of the rounds' ratios; %d in flight; client, server and"
                + " PostgreSQL sharing %d cores (load average now %.2f)%n",
            medians.get(GET).run().perSecond(),
            medians.get(RAW).run().perSecond(),
            medianRatio(runs.get(GET), runs.get(RAW)),
            medianRatio(runs.get(GET), runs.get(DECRYPT_JSON)),
            ROUNDS,
            concurrency,
            Runtime.getRuntime().availableProcessors(),
            Load.average());
        System.out.printf(
            Locale.ROOT,
            "workspace scope (row-level security): raw select in a scoped transaction %.0f/s vs"
                + " the same select as the owner without one %.0f/s: ratio %.3f%n",
            medians.get(RAW).run().perSecond(),
            medians.get(UNSCOPED).run().perSecond(),
            medianRatio(runs.get(RAW), runs.get(UNSCOPED)));
      } finally {
        raw.dispose();
        owner.dispose();
      }
    } finally {
      connections.dispose();
      clientLoops.dispose();
    }
  }

  /**
   * The GET's answer, once, after checking that it is the mindmap stored and the same document as
   * the raw select + decrypt + JSON path writes, so that path measures the service's own work.
   */
  private static byte[] checkedAnswer(MindmapReads reads, JsonMapper json) {
    Duration patience = Duration.ofMinutes(1);
    byte[] answer = reads.get().block(patience);
    byte[] written = reads.selectDecryptAndWrite().block(patience);
    if (answer == null
        || written == null
        || !json.readTree(answer).equals(json.readTree(written))) {
      throw new IllegalStateException(
          "the GET answer differs from the decrypted row written as JSON: "
              + (answer == null ? "none" : new String(answer, UTF_8)));
    }
    return answer;
  }

  private static int citations(MindmapNode node) {
    return node.citations().size()
        + node.children().stream().mapToInt(MindmapGetThroughputBenchmark::citations).sum();
  }

  private static ClosedLoop.Run last(List<Measured> runs) {
    return runs.get(runs.size() - 1).run();
  }

  /** The round whose rate is the median of the rounds'. */
  private static Measured median(List<Measured> rounds) {
    List<Measured> sorted =
        rounds.stream().sorted(Comparator.comparingDouble(m -> m.run().perSecond())).toList();
    return sorted.get(sorted.size() / 2);
  }

  /**
   * The median over rounds of {@code measured}'s rate divided by {@code baseline}'s in the same
   * round: the two ran back to back, so a machine that got busier between rounds moves both.
   */
  private static double medianRatio(List<Measured> measured, List<Measured> baseline) {
    double[] ratios = new double[measured.size()];
    for (int round = 0; round < ratios.length; round++) {
      ratios[round] = measured.get(round).run().perSecond() / baseline.get(round).run().perSecond();
    }
    Arrays.sort(ratios);
    return ratios[ratios.length / 2];
  }

  /**
   * A run with the CPU this process used meanwhile: per operation without the JIT compiler (which
   * keeps compiling in the background of every run alike), and by kind of thread.
   */
  private record Measured(ClosedLoop.Run run, CpuSampler.@Nullable Use cpu) {

    private static final String JIT = "JIT compiler";

    static Measured run(
        CpuSampler sampler, int concurrency, Duration length, Supplier<Mono<?>> path) {
      Instant from = Instant.now();
      ClosedLoop.Run run = ClosedLoop.run(concurrency, length, path);
      Instant to = Instant.now();
      return new Measured(
          run, sampler.use(new RequestLog.Window(from, to, (int) run.operations())).orElse(null));
    }

    String cpuPerOperation() {
      if (cpu == null) {
        return "not known";
      }
      double cores = cpu.cores() - cpu.coresByKind().getOrDefault(JIT, 0.0);
      return String.format(
          Locale.ROOT, "%5.0f µs/op (JIT excluded)", cores * 1e6 / run.perSecond());
    }

    String cpuByThread() {
      return cpu == null ? "not known" : cpu.top(7);
    }
  }
}
