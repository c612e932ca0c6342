package io.callstream.flink;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.callstream.core.cloudevents.CallstreamEventDeserializer;
import io.callstream.core.cloudevents.CloudEventCodec;
import io.callstream.core.event.CallstreamEvent;
import io.callstream.core.event.EventFixtures;
import io.callstream.core.event.Progress;
import io.callstream.core.event.Topic;
import io.callstream.core.event.TranscriptSegment;
import io.callstream.core.id.Ids;
import io.callstream.embedded.flink.FlinkRunner;
import io.callstream.embedded.junit.SharedInfrastructure;
import io.callstream.embedded.kafka.KafkaEndpoint;
import io.callstream.flink.kafka.KafkaEndpoints;
import io.callstream.flink.testing.TestKeys;
import io.callstream.flink.testing.TestSettings;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.LongStream;
import org.apache.flink.api.common.JobStatus;
import org.apache.flink.core.execution.JobClient;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The real job, wired as in production by {@link CallstreamJobs}, between the shared Kafka broker
 * and the shared Flink MiniCluster: every final segment is reported as {@code RECEIVED} progress,
 * and a record that is no event is skipped. The topics are shared by every test of the JVM, so each
 * test writes calls of its own and reads only their progress. The segments' text is not really
 * encrypted here; analysis reports those chunks as failed, which this test does not look at.
 */
@ExtendWith(SharedInfrastructure.class)
@Timeout(value = 5, unit = TimeUnit.MINUTES)
class ReceivedProgressIT {

  /** Generous: the build machines are small and shared, and a slow machine is not a failure. */
  private static final Duration DEADLINE = Duration.ofSeconds(90);

  private static final CloudEventCodec CODEC = CloudEventCodec.of("received-progress-it");

  /** The job reads what was written from here on: the topics are shared with earlier tests. */
  private static final Instant STARTED = Instant.now().minusSeconds(5);

  private static final HttpClient HTTP = HttpClient.newHttpClient();
  private static final ObjectMapper JSON = new ObjectMapper();

  @Test
  void shouldReportReceivedProgressPerCallFromKafkaToKafka(KafkaEndpoint kafka, FlinkRunner flink)
      throws Exception {
    String run = uniqueId();
    EventFixtures.Call first = call(run, "first");
    EventFixtures.Call second = call(run, "second");
    produce(
        kafka,
        List.of(
            record(segment(first, 0)),
            record(segment(second, 0)),
            record(segment(first, 1)),
            record(segment(first, 2)),
            record(segment(second, 1))));

    JobClient job = submit(flink, kafka, run);
    try {
      Map<String, List<Progress>> progress =
          awaitProgress(kafka, run, job, Map.of(first.callId(), 3L, second.callId(), 2L));

      assertReceived(progress.get(first.callId()), first, 3);
      assertReceived(progress.get(second.callId()), second, 2);
    } finally {
      job.cancel().get(1, TimeUnit.MINUTES);
    }
  }

  @Test
  void shouldSkipAMalformedRecordAndKeepRunning(KafkaEndpoint kafka, FlinkRunner flink)
      throws Exception {
    String run = uniqueId();
    EventFixtures.Call call = call(run, "after-garbage");
    // Keyed like the call's segments, the garbage lands in their partition ahead of them: the job
    // reports the segments only if it gets past it.
    ProducerRecord<byte[], byte[]> garbage =
        new ProducerRecord<>(
            Topic.TRANSCRIPT.topicName(),
            call.callId().getBytes(StandardCharsets.UTF_8),
            "\u0000 not a CloudEvent \uFFFD".getBytes(StandardCharsets.UTF_8));
    produce(kafka, List.of(garbage, record(segment(call, 0)), record(segment(call, 1))));

    JobClient job = submit(flink, kafka, run);
    try {
      Map<String, List<Progress>> progress =
          awaitProgress(kafka, run, job, Map.of(call.callId(), 2L));

      assertReceived(progress.get(call.callId()), call, 2);
      assertThat(job.getJobStatus().get(1, TimeUnit.MINUTES)).isEqualTo(JobStatus.RUNNING);
      assertThat(failovers(flink.restAddress(), job))
          .as("failovers of the job (a record that failed it would cause one)")
          .isZero();
      assertThat(awaitMalformedEventsCounted(flink.restAddress(), job)).isPositive();
    } finally {
      job.cancel().get(1, TimeUnit.MINUTES);
    }
  }

  private static JobClient submit(FlinkRunner flink, KafkaEndpoint kafka, String run) {
    // A group of its own: the job reads the shared topic from the start, and its sink's
    // transactional ids (derived from the group) never meet another test's.
    KafkaEndpoints endpoints =
        KafkaEndpoints.of(kafka.bootstrapServers(), "received-progress-it-" + run).from(STARTED);
    AnalysisSettings settings = TestSettings.local(TestKeys.create());
    return flink.submit(
        AnalysisJob.NAME + " " + run,
        env -> {
          CallstreamJobs.configure(env);
          CallstreamJobs.addJobs(env, endpoints, settings);
        });
  }

  /**
   * Reads {@code callstream.progress.v1} until each call's progress has reached its expected count,
   * and returns the progress of those calls, in the order read.
   */
  private static Map<String, List<Progress>> awaitProgress(
      KafkaEndpoint kafka, String run, JobClient job, Map<String, Long> expectedCounts)
      throws Exception {
    Map<String, List<Progress>> progress = new HashMap<>();
    expectedCounts.keySet().forEach(callId -> progress.put(callId, new ArrayList<>()));
    long deadline = System.nanoTime() + DEADLINE.toNanos();
    try (KafkaConsumer<String, CallstreamEvent> consumer = progressConsumer(kafka, run)) {
      consumer.subscribe(List.of(Topic.PROGRESS.topicName()));
      while (!reached(progress, expectedCounts)) {
        if (System.nanoTime() - deadline > 0) {
          fail(
              "progress did not reach %s within %s; job %s; read %s",
              expectedCounts, DEADLINE, job.getJobStatus().get(1, TimeUnit.MINUTES), progress);
        }
        for (ConsumerRecord<String, CallstreamEvent> record :
            consumer.poll(Duration.ofMillis(500))) {
          if (record.value() instanceof Progress p
              && p.stage() == Progress.Stage.RECEIVED
              && progress.containsKey(p.callId())) {
            progress.get(p.callId()).add(p);
          }
        }
      }
    }
    return progress;
  }

  private static boolean reached(
      Map<String, List<Progress>> progress, Map<String, Long> expectedCounts) {
    return expectedCounts.entrySet().stream()
        .allMatch(
            expected ->
                progress.get(expected.getKey()).stream()
                    .anyMatch(p -> p.done() >= expected.getValue()));
  }

  /**
   * RECEIVED progress 1 to {@code count}, in order, each with the id derived from call and count.
   * The sink delivers at least once, so a count may come twice, but always with the same id.
   */
  private static void assertReceived(List<Progress> progress, EventFixtures.Call call, long count) {
    Set<Long> counts = new TreeSet<>();
    for (Progress p : progress) {
      assertThat(p.workspaceId()).isEqualTo(call.workspaceId());
      assertThat(p.stage()).isEqualTo(Progress.Stage.RECEIVED);
      assertThat(p.total()).isEqualTo(p.done());
      assertThat(p.etaMs()).isNull();
      String expectedId = Ids.deterministic("progress", call.callId(), "RECEIVED", p.done());
      assertThat(p.eventId())
          .as("id of progress %d of %s", p.done(), call.callId())
          .isEqualTo(expectedId);
      counts.add(p.done());
    }
    assertThat(counts)
        .as("counts reported for %s", call.callId())
        .containsExactlyElementsOf(LongStream.rangeClosed(1, count).boxed().toList());
    assertThat(progress.stream().map(Progress::done).distinct().toList())
        .as("counts of %s in the order read", call.callId())
        .isSorted();
  }

  /** How many times the job failed over so far, from the REST API's exception history. */
  private static int failovers(URI restAddress, JobClient job) throws Exception {
    JsonNode exceptions = getJson(restAddress, "/jobs/" + job.getJobID() + "/exceptions");
    JsonNode entries = exceptions.path("exceptionHistory").path("entries");
    assertThat(entries.isArray()).as("exception history in %s", exceptions).isTrue();
    return entries.size();
  }

  /**
   * The source's {@code malformedEvents} counter, once the REST API reports it above zero. The REST
   * API fetches metrics every few seconds, so it may lag behind the job.
   */
  private static long awaitMalformedEventsCounted(URI restAddress, JobClient job) throws Exception {
    long deadline = System.nanoTime() + DEADLINE.toNanos();
    long counted = 0;
    while (counted == 0 && System.nanoTime() - deadline < 0) {
      counted = malformedEvents(restAddress, job);
      if (counted == 0) {
        Thread.sleep(1_000);
      }
    }
    return counted;
  }

  private static long malformedEvents(URI restAddress, JobClient job) throws Exception {
    String jobPath = "/jobs/" + job.getJobID();
    long counted = 0;
    for (JsonNode vertex : getJson(restAddress, jobPath).path("vertices")) {
      String verticesPath = jobPath + "/vertices/" + vertex.path("id").asText() + "/metrics";
      for (JsonNode metric : getJson(restAddress, verticesPath)) {
        String id = metric.path("id").asText();
        if (id.endsWith(".malformedEvents")) {
          String query = "?get=" + URLEncoder.encode(id, StandardCharsets.UTF_8);
          for (JsonNode value : getJson(restAddress, verticesPath + query)) {
            counted += value.path("value").asLong();
          }
        }
      }
    }
    return counted;
  }

  private static JsonNode getJson(URI restAddress, String path)
      throws IOException, InterruptedException {
    HttpResponse<String> response =
        HTTP.send(
            HttpRequest.newBuilder(restAddress.resolve(path)).GET().build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(response.statusCode()).as("GET %s: %s", path, response.body()).isEqualTo(200);
    return JSON.readTree(response.body());
  }

  private static void produce(KafkaEndpoint kafka, List<ProducerRecord<byte[], byte[]>> records)
      throws Exception {
    Map<String, Object> properties = kafka.clientProperties();
    properties.put(ProducerConfig.ACKS_CONFIG, "all");
    try (KafkaProducer<byte[], byte[]> producer =
        new KafkaProducer<>(properties, new ByteArraySerializer(), new ByteArraySerializer())) {
      for (ProducerRecord<byte[], byte[]> record : records) {
        producer.send(record).get(1, TimeUnit.MINUTES);
      }
    }
  }

  private static KafkaConsumer<String, CallstreamEvent> progressConsumer(
      KafkaEndpoint kafka, String run) {
    Map<String, Object> properties = kafka.clientProperties();
    properties.put(ConsumerConfig.GROUP_ID_CONFIG, "received-progress-it-reader-" + run);
    properties.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    properties.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    properties.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
    return new KafkaConsumer<>(
        properties, new StringDeserializer(), new CallstreamEventDeserializer());
  }

  private static ProducerRecord<byte[], byte[]> record(TranscriptSegment segment) {
    return CODEC.encode(segment);
  }

  /**
   * A call of its own, at the present time: the broker's time-based retention would delete records
   * stamped with the fixtures' fixed date from the past.
   */
  private static EventFixtures.Call call(String run, String name) {
    return EventFixtures.call("ws-" + run, "call-" + name + "-" + run).at(Instant.now());
  }

  private static TranscriptSegment segment(EventFixtures.Call call, long sequence) {
    return call.segment()
        .sequence(sequence)
        .speaker("spk_" + (sequence % 2))
        .span(sequence * 2_000, sequence * 2_000 + 1_500)
        .text("segment " + sequence)
        .build();
  }

  private static String uniqueId() {
    return UUID.randomUUID().toString().substring(0, 8);
  }
}
