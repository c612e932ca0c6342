package io.callstream.flink.testing;

import io.callstream.core.cloudevents.CloudEventCodec;
import io.callstream.core.crypto.Field;
import io.callstream.core.event.AudioChunk;
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
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * Writes calls into the input topics the way ingest does: CloudEvents, text encrypted with the
 * workspace's key, the call's end after its segments, with the last sequence.
 */
public final class CallFeed implements AutoCloseable {

  private static final CloudEventCodec CODEC = CloudEventCodec.of("analysis-it");

  private final KafkaProducer<byte[], byte[]> producer;
  private final TestKeys keys;

  public CallFeed(KafkaEndpoint kafka, TestKeys keys) {
    Map<String, Object> properties = kafka.clientProperties();
    properties.put(ProducerConfig.ACKS_CONFIG, "all");
    properties.put(ProducerConfig.LINGER_MS_CONFIG, 5);
    this.producer =
        new KafkaProducer<>(properties, new ByteArraySerializer(), new ByteArraySerializer());
    this.keys = keys;
  }

  /** A meeting's turns as the final segments of a call, text encrypted. */
  public List<TranscriptSegment> segments(String workspaceId, String callId, Meeting meeting) {
    List<TranscriptSegment> segments = new ArrayList<>();
    long sequence = 0;
    for (Meeting.Turn turn : meeting.turns()) {
      segments.add(segment(workspaceId, callId, sequence++, turn));
    }
    return segments;
  }

  public TranscriptSegment segment(
      String workspaceId, String callId, long sequence, Meeting.Turn turn) {
    return new TranscriptSegment(
        Ids.deterministic("segment-event", callId, sequence),
        workspaceId,
        callId,
        Instant.now(),
        segmentId(callId, sequence),
        sequence,
        turn.speaker(),
        turn.startMs(),
        turn.endMs(),
        Ciphertext.of(
            keys.cipher().encryptText(workspaceId, callId, Field.TRANSCRIPT_TEXT, turn.text())),
        true);
  }

  public static String segmentId(String callId, long sequence) {
    return Ids.deterministic("segment", callId, sequence);
  }

  public static CallStarted started(String workspaceId, String callId, CallStarted.Source source) {
    return new CallStarted(
        Ids.deterministic("call-started", callId),
        workspaceId,
        callId,
        Instant.now(),
        "Analysis test " + callId,
        "en",
        source,
        List.of(),
        Map.of());
  }

  public static CallEnded ended(
      String workspaceId, String callId, List<TranscriptSegment> segments) {
    long duration = segments.stream().mapToLong(TranscriptSegment::endMs).max().orElse(0);
    Long last = segments.isEmpty() ? null : segments.get(segments.size() - 1).sequence();
    return new CallEnded(
        Ids.deterministic("call-ended", callId),
        workspaceId,
        callId,
        Instant.now(),
        duration,
        last);
  }

  /** A whole uploaded call: started, every segment, ended. */
  public List<TranscriptSegment> upload(String workspaceId, String callId, Meeting meeting) {
    List<TranscriptSegment> segments = segments(workspaceId, callId, meeting);
    send(started(workspaceId, callId, CallStarted.Source.UPLOAD));
    segments.forEach(this::send);
    send(ended(workspaceId, callId, segments));
    flush();
    return segments;
  }

  /**
   * A call's audio as ingest sends it: encrypted {@link AudioChunk}s of at most {@code chunkBytes},
   * numbered from 0, the last one marked.
   */
  public void audio(
      String workspaceId, String callId, String contentType, byte[] audio, int chunkBytes) {
    long sequence = 0;
    for (int offset = 0; offset < audio.length || sequence == 0; offset += chunkBytes) {
      byte[] piece = Arrays.copyOfRange(audio, offset, Math.min(audio.length, offset + chunkBytes));
      boolean last = offset + chunkBytes >= audio.length;
      send(
          new AudioChunk(
              Ids.deterministic("audio-chunk", callId, offset),
              workspaceId,
              callId,
              Instant.now(),
              sequence++,
              offset,
              contentType,
              Ciphertext.of(keys.cipher().encrypt(workspaceId, callId, Field.AUDIO, piece)),
              last));
    }
    flush();
  }

  public void send(CallstreamEvent event) {
    ProducerRecord<byte[], byte[]> record = CODEC.encode(event);
    producer.send(record);
  }

  public void flush() {
    producer.flush();
  }

  @Override
  public void close() {
    producer.close(Duration.ofSeconds(30));
  }
}
