package io.callstream.bench;

import io.callstream.core.cloudevents.CallstreamEventSerializer;
import io.callstream.core.cloudevents.CloudEventCodec;
import io.callstream.core.crypto.Field;
import io.callstream.core.crypto.FieldCipher;
import io.callstream.core.event.CallstreamEvent;
import io.callstream.core.event.Ciphertext;
import io.callstream.core.event.InsightDetected;
import io.callstream.core.event.InsightType;
import io.callstream.core.id.Ids;
import io.callstream.core.meeting.Meeting;
import io.callstream.core.result.InsightBody;
import io.callstream.core.result.ResultJson;
import io.callstream.embedded.kafka.KafkaEndpoint;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.StringSerializer;
import org.jspecify.annotations.Nullable;

/**
 * Puts {@code InsightDetected} events of one call on {@code callstream.insights.v1} at a steady
 * rate, as the analysis job would: the action items and decisions of a real meeting, encrypted with
 * the service's keys, each text ending in a {@link SendStamp} taken just before it is sent. Not
 * transactional (the job's exactly-once sink commits at checkpoints, which this benchmark leaves
 * out) and without linger, so the delay measured starts when the record is sent. Not thread-safe.
 */
final class TimedInsights implements AutoCloseable {

  private final KafkaProducer<String, CallstreamEvent> producer;
  private final FieldCipher cipher;
  private final String workspaceId;
  private final String callId;
  private final List<Finding> findings;
  private long nextSeq;

  /** What the meeting's reference says was found: an action item or a decision. */
  private record Finding(InsightType type, String text) {}

  /**
   * What a run sent.
   *
   * @param firstSeq the first event's sequence number
   * @param lastSeq the last event's sequence number
   * @param failed how many sends Kafka refused
   * @param failure the first refusal, if any
   */
  record Sent(long firstSeq, long lastSeq, int failed, @Nullable Exception failure) {

    long count() {
      return lastSeq - firstSeq + 1;
    }
  }

  private TimedInsights(
      KafkaProducer<String, CallstreamEvent> producer,
      FieldCipher cipher,
      String workspaceId,
      String callId,
      List<Finding> findings) {
    this.producer = producer;
    this.cipher = cipher;
    this.workspaceId = workspaceId;
    this.callId = callId;
    this.findings = findings;
  }

  /** Insights of {@code callId} from {@code meeting}'s reference action items and decisions. */
  static TimedInsights of(
      KafkaEndpoint kafka, FieldCipher cipher, String workspaceId, String callId, Meeting meeting) {
    Objects.requireNonNull(kafka, "kafka must not be null");
    Objects.requireNonNull(cipher, "cipher must not be null");
    Objects.requireNonNull(workspaceId, "workspaceId must not be null");
    Objects.requireNonNull(callId, "callId must not be null");
    List<Finding> findings = new ArrayList<>();
    meeting.actionItems().forEach(text -> findings.add(new Finding(InsightType.ACTION_ITEM, text)));
    meeting.decisions().forEach(text -> findings.add(new Finding(InsightType.DECISION, text)));
    if (findings.isEmpty()) {
      throw new IllegalArgumentException(
          "meeting " + meeting.name() + " has no reference action items or decisions");
    }
    Map<String, Object> config = kafka.clientProperties();
    config.put(ProducerConfig.ACKS_CONFIG, "all");
    config.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
    config.put(ProducerConfig.LINGER_MS_CONFIG, 0);
    KafkaProducer<String, CallstreamEvent> producer =
        new KafkaProducer<>(
            config,
            new StringSerializer(),
            CallstreamEventSerializer.of(CloudEventCodec.of("bench")));
    return new TimedInsights(producer, cipher, workspaceId, callId, List.copyOf(findings));
  }

  /** The sequence number the next event will carry. */
  long nextSeq() {
    return nextSeq;
  }

  /**
   * Sends {@code count} events, one every {@code interval} on a fixed schedule, and waits until
   * Kafka acknowledged them all. Blocks the calling thread meanwhile.
   */
  Sent send(int count, Duration interval) {
    if (count < 1) {
      throw new IllegalArgumentException("count must be positive, was " + count);
    }
    long firstSeq = nextSeq;
    AtomicInteger failed = new AtomicInteger();
    AtomicReference<@Nullable Exception> failure = new AtomicReference<>();
    long start = System.nanoTime();
    for (int i = 0; i < count; i++) {
      long wait = start + i * interval.toNanos() - System.nanoTime();
      if (wait > 0) {
        LockSupport.parkNanos(wait);
      }
      producer.send(
          CallstreamEventSerializer.recordOf(next()),
          (metadata, refused) -> {
            if (refused != null) {
              failed.incrementAndGet();
              failure.compareAndSet(null, refused);
            }
          });
    }
    producer.flush();
    return new Sent(firstSeq, nextSeq - 1, failed.get(), failure.get());
  }

  /** The next event, stamped now. */
  private InsightDetected next() {
    long seq = nextSeq++;
    Finding finding = findings.get((int) (seq % findings.size()));
    String text = new SendStamp(seq, SendStamp.nowMicros()).appendTo(finding.text());
    byte[] body = ResultJson.write(new InsightBody(text, null, null));
    return new InsightDetected(
        Ids.timeOrdered(),
        workspaceId,
        callId,
        Instant.now(),
        Ids.timeOrdered(),
        finding.type(),
        Ciphertext.of(cipher.encrypt(workspaceId, callId, Field.INSIGHT, body)),
        List.of("seg-" + (seq % 50)),
        "local");
  }

  @Override
  public void close() {
    producer.close();
  }
}
