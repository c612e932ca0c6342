package io.callstream.bench;

import io.callstream.core.cloudevents.CloudEventCodec;
import io.callstream.core.crypto.Field;
import io.callstream.core.crypto.FieldCipher;
import io.callstream.core.event.CallEnded;
import io.callstream.core.event.CallStarted;
import io.callstream.core.event.CallstreamEvent;
import io.callstream.core.event.Ciphertext;
import io.callstream.core.event.TranscriptSegment;
import io.callstream.core.id.Ids;
import io.callstream.core.meeting.Meeting;
import io.callstream.embedded.kafka.KafkaEndpoint;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * Writes meetings into the input topics the way ingest does: CloudEvents, text encrypted with the
 * workspace's key, the call's end after its segments, naming the last sequence. Not thread-safe.
 */
final class CallWriter implements AutoCloseable {

  private static final CloudEventCodec CODEC = CloudEventCodec.of("bench");

  private final KafkaProducer<byte[], byte[]> producer;
  private final FieldCipher cipher;

  CallWriter(KafkaEndpoint kafka, FieldCipher cipher) {
    Map<String, Object> properties = kafka.clientProperties();
    properties.put(ProducerConfig.ACKS_CONFIG, "all");
    properties.put(ProducerConfig.LINGER_MS_CONFIG, 5);
    this.producer =
        new KafkaProducer<>(properties, new ByteArraySerializer(), new ByteArraySerializer());
    this.cipher = cipher;
  }

  /** A whole uploaded call at once: started, every turn as a final segment, ended. */
  void upload(String workspaceId, String callId, Meeting meeting) {
    started(workspaceId, callId, CallStarted.Source.UPLOAD);
    for (int sequence = 0; sequence < meeting.turns().size(); sequence++) {
      segment(workspaceId, callId, sequence, meeting.turns().get(sequence));
    }
    ended(workspaceId, callId, meeting);
    producer.flush();
  }

  void started(String workspaceId, String callId, CallStarted.Source source) {
    send(
        new CallStarted(
            Ids.deterministic("call-started", callId),
            workspaceId,
            callId,
            Instant.now(),
            "Benchmark " + callId,
            "en",
            source,
            List.of(),
            Map.of()));
  }

  /** One turn as the final segment {@code sequence} of a call. */
  void segment(String workspaceId, String callId, long sequence, Meeting.Turn turn) {
    send(
        new TranscriptSegment(
            Ids.deterministic("segment-event", callId, sequence),
            workspaceId,
            callId,
            Instant.now(),
            Ids.deterministic("segment", callId, sequence),
            sequence,
            turn.speaker(),
            turn.startMs(),
            turn.endMs(),
            Ciphertext.of(
                cipher.encryptText(workspaceId, callId, Field.TRANSCRIPT_TEXT, turn.text())),
            true));
  }

  /** The end of a call whose segments are every turn of {@code meeting}. */
  void ended(String workspaceId, String callId, Meeting meeting) {
    send(
        new CallEnded(
            Ids.deterministic("call-ended", callId),
            workspaceId,
            callId,
            Instant.now(),
            meeting.durationMs(),
            meeting.turns().isEmpty() ? null : (long) meeting.turns().size() - 1));
  }

  /** Waits until everything sent so far is acknowledged. */
  void flush() {
    producer.flush();
  }

  private void send(CallstreamEvent event) {
    producer.send(CODEC.encode(event));
  }

  @Override
  public void close() {
    producer.close(Duration.ofSeconds(30));
  }
}
