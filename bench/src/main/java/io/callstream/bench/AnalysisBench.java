package io.callstream.bench;

import io.callstream.analyzer.dispatch.DispatchSettings;
import io.callstream.analyzer.dispatch.RateLimit;
import io.callstream.analyzer.openai.OpenAiSettings;
import io.callstream.core.cloudevents.CallstreamEventDeserializer;
import io.callstream.core.event.CallAnalyzed;
import io.callstream.core.event.CallstreamEvent;
import io.callstream.core.event.Topic;
import io.callstream.core.event.TranscriptSegment;
import io.callstream.embedded.flink.EmbeddedFlink;
import io.callstream.embedded.kafka.EmbeddedKafka;
import io.callstream.embedded.kafka.KafkaEndpoint;
import io.callstream.flink.AnalysisJob;
import io.callstream.flink.AnalysisSettings;
import io.callstream.flink.CallstreamJobs;
import io.callstream.flink.analyze.Plan;
import io.callstream.flink.analyze.Plans;
import io.callstream.flink.chunk.ChunkingSettings;
import io.callstream.flink.crypto.CipherSettings;
import io.callstream.flink.kafka.KafkaEndpoints;
import io.callstream.flink.merge.MergeSettings;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.apache.flink.core.execution.JobClient;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * A real Kafka broker and a Flink MiniCluster in this process, in a temporary directory, with a
 * master key of their own: what the analysis benchmarks run the real {@link AnalysisJob} on. Each
 * {@link #startJob} reads only what is written after it began, with its own consumer group and
 * transactional ids, so several runs share the broker.
 */
final class AnalysisBench implements AutoCloseable {

  /** What the openai plan's HTTP requests may take before the dispatcher counts them failed. */
  private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(30);

  private final Path directory;
  private final EmbeddedKafka kafka;
  private final EmbeddedFlink flink;
  private final CipherSettings cipher;

  private AnalysisBench(
      Path directory, EmbeddedKafka kafka, EmbeddedFlink flink, CipherSettings cipher) {
    this.directory = directory;
    this.kafka = kafka;
    this.flink = flink;
    this.cipher = cipher;
  }

  static AnalysisBench start() throws IOException {
    Path directory = Files.createTempDirectory("callstream-analysis-bench-");
    EmbeddedKafka kafka = EmbeddedKafka.builder(directory.resolve("kafka")).start();
    kafka.createTopics(List.of(Topic.values()));
    EmbeddedFlink flink = EmbeddedFlink.builder(directory).slots(2).start();
    CipherSettings cipher =
        new CipherSettings(
            "file:" + directory.resolve("keys/master.keyset.json"),
            directory.resolve("keys/workspaces").toString());
    return new AnalysisBench(directory, kafka, flink, cipher);
  }

  /** The production analysis settings, every workspace on one openai plan asking {@code llm}. */
  AnalysisSettings settings(
      String llmBaseUrl, ChunkingSettings chunking, DispatchSettings dispatch) {
    Plan plan =
        new Plan(
            "bench",
            Plan.OPENAI,
            new OpenAiSettings(URI.create(llmBaseUrl), "sk-bench", "bench-model", REQUEST_TIMEOUT),
            RateLimit.UNLIMITED);
    return new AnalysisSettings(
        cipher,
        chunking,
        MergeSettings.defaults(),
        new Plans(Map.of(plan.name(), plan), plan.name(), Map.of()),
        dispatch,
        AnalysisSettings.DEFAULT_QUEUE_CAPACITY,
        AnalysisSettings.DEFAULT_CHUNK_TIMEOUT);
  }

  /** Submits the analysis job as production wires it (checkpointing included). */
  Job startJob(AnalysisSettings settings) {
    String id = UUID.randomUUID().toString().substring(0, 8);
    KafkaEndpoints endpoints =
        KafkaEndpoints.of(kafka.bootstrapServers(), "analysis-bench-" + id)
            .from(Instant.now().minusSeconds(1));
    JobClient job =
        flink.submit(
            AnalysisJob.NAME + " " + id,
            env -> {
              CallstreamJobs.configure(env);
              new AnalysisJob(
                      endpoints.source(Topic.TRANSCRIPT, TranscriptSegment.class),
                      endpoints.source(Topic.CALLS, CallstreamEvent.class),
                      endpoints.sink(Topic.INSIGHTS),
                      endpoints.sink(Topic.PROGRESS),
                      endpoints.sink(Topic.USAGE),
                      settings)
                  .addTo(env);
            });
    return new Job(id, job);
  }

  CallWriter writer() {
    return new CallWriter(kafka.endpoint(), cipher.open());
  }

  /**
   * Reads the committed results ({@code read_committed}, as downstream consumers do) until every
   * call has its {@link CallAnalyzed}.
   *
   * @throws IllegalStateException if some call has none by the deadline
   */
  Map<String, CallAnalyzed> awaitAnalyzed(Collection<String> callIds, Duration deadline) {
    Set<String> waiting = new HashSet<>(callIds);
    Map<String, CallAnalyzed> analyzed = new HashMap<>();
    long end = System.nanoTime() + deadline.toNanos();
    try (KafkaConsumer<String, CallstreamEvent> consumer = consumer(kafka.endpoint())) {
      consumer.subscribe(List.of(Topic.INSIGHTS.topicName()));
      while (!waiting.isEmpty()) {
        if (System.nanoTime() - end > 0) {
          throw new IllegalStateException(
              waiting.size() + " calls not analyzed within " + deadline + ", " + waiting);
        }
        for (ConsumerRecord<String, CallstreamEvent> record :
            consumer.poll(Duration.ofMillis(200))) {
          if (record.value() instanceof CallAnalyzed call && waiting.remove(call.callId())) {
            analyzed.put(call.callId(), call);
          }
        }
      }
    }
    return analyzed;
  }

  /** Stops Flink, then Kafka, and deletes their data. */
  @Override
  public void close() throws IOException {
    flink.close();
    kafka.close();
    try (Stream<Path> paths = Files.walk(directory)) {
      for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(path);
      }
    }
  }

  private static KafkaConsumer<String, CallstreamEvent> consumer(KafkaEndpoint kafka) {
    Map<String, Object> properties = kafka.clientProperties();
    properties.put(ConsumerConfig.GROUP_ID_CONFIG, "analysis-bench-reader-" + UUID.randomUUID());
    properties.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    properties.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    properties.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
    return new KafkaConsumer<>(
        properties, new StringDeserializer(), new CallstreamEventDeserializer());
  }

  /** One running analysis job; closing cancels it. */
  record Job(String id, JobClient client) implements AutoCloseable {

    @Override
    public void close() throws Exception {
      client.cancel().get(1, TimeUnit.MINUTES);
    }
  }
}
