package io.callstream.core.event;

import io.callstream.core.id.Ids;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.record.TimestampType;

/**
 * Test data for events, shared with other modules through core's test-jar.
 *
 * <p>Everything is deterministic: the same calls give equal events with equal ids, so tests can
 * compare whole events. Ciphertext here is fake ({@link #fakeCiphertext(String)}): the events only
 * carry it, and tests of encryption use the crypto package.
 *
 * <pre>{@code
 * EventFixtures.Call call = EventFixtures.call();
 * TranscriptSegment s0 = call.segment(0, "spk_0", 0, 1_500, "Hello");
 * InsightDetected risk = call.insight(InsightType.RISK, "Budget may slip", call.segmentId(0));
 * }</pre>
 */
public final class EventFixtures {

  public static final String WORKSPACE_ID = "ws-acme";
  public static final String CALL_ID = "call-0001";

  /** With nanoseconds, so a lossy time round trip shows. */
  public static final Instant OCCURRED_AT = Instant.parse("2025-03-04T10:15:30.123456789Z");

  private EventFixtures() {}

  /** The events of the default call ({@link #WORKSPACE_ID}, {@link #CALL_ID}). */
  public static Call call() {
    return call(WORKSPACE_ID, CALL_ID);
  }

  /** The events of one call. */
  public static Call call(String workspaceId, String callId) {
    return new Call(workspaceId, callId, OCCURRED_AT);
  }

  /** One event of every {@link EventType}, in the order of the enum. */
  public static List<CallstreamEvent> oneOfEach() {
    Call call = call();
    return List.of(
        call.started(),
        call.ended(3_600_000),
        call.deleted(),
        call.audioChunk(0, false),
        call.segment(0, "spk_0", 0, 1_500, "Hello, shall we start with the budget?"),
        call.mindmapUpdated(1),
        call.insight(InsightType.ACTION_ITEM, "Send the revised budget", call.segmentId(0)),
        call.summaryUpdated(1, "The team reviewed the budget.", call.segmentId(0)),
        call.metricsUpdated(),
        call.analyzed(CallAnalyzed.Status.DEGRADED, "2 of 40 chunks timed out"),
        call.progress(Progress.Stage.ANALYZED, 3, 10, 42_000L),
        call.usage(1_200, 300));
  }

  /**
   * Stand-in ciphertext: the UTF-8 bytes of {@code "fake-ciphertext:" + plaintext}. Not encrypted;
   * recognizable in a debugger and never mistaken for the real thing.
   */
  public static Ciphertext fakeCiphertext(String plaintext) {
    return Ciphertext.of(("fake-ciphertext:" + plaintext).getBytes(StandardCharsets.UTF_8));
  }

  /** What a consumer would receive for a record a producer sent, at the given offset. */
  public static ConsumerRecord<byte[], byte[]> consumed(
      ProducerRecord<byte[], byte[]> sent, long offset) {
    byte[] key = sent.key();
    byte[] value = sent.value();
    return new ConsumerRecord<>(
        sent.topic(),
        sent.partition() == null ? 0 : sent.partition(),
        offset,
        sent.timestamp() == null ? 0L : sent.timestamp(),
        TimestampType.CREATE_TIME,
        key == null ? -1 : key.length,
        value == null ? -1 : value.length,
        key,
        value,
        new RecordHeaders(sent.headers().toArray()),
        Optional.empty());
  }

  /**
   * Events of one call, with defaults for everything a test does not name. Event ids are
   * deterministic in the event's content, so equal calls give equal events. Immutable.
   */
  public static final class Call {

    private final String workspaceId;
    private final String callId;
    private final Instant occurredAt;

    private Call(String workspaceId, String callId, Instant occurredAt) {
      this.workspaceId = workspaceId;
      this.callId = callId;
      this.occurredAt = occurredAt;
    }

    /** The same call with events occurring at {@code instant}. */
    public Call at(Instant instant) {
      return new Call(workspaceId, callId, instant);
    }

    public String workspaceId() {
      return workspaceId;
    }

    public String callId() {
      return callId;
    }

    /** The id {@link #segment} gives the segment with this sequence number. */
    public String segmentId(long sequence) {
      return Ids.deterministic("segment", callId, sequence);
    }

    public CallStarted started() {
      return new CallStarted(
          eventId(EventType.CALL_STARTED),
          workspaceId,
          callId,
          occurredAt,
          "Quarterly budget review",
          "en",
          CallStarted.Source.LIVE,
          List.of(
              Participant.of("Ana Souza", "host", "ana@example.com"),
              Participant.of("Ben Okafor", "customer", null)),
          Map.of("crm.dealId", "D-42", "channel", "zoom"));
    }

    public CallEnded ended(long durationMs) {
      return new CallEnded(
          eventId(EventType.CALL_ENDED), workspaceId, callId, occurredAt, durationMs, 41L);
    }

    public CallDeleted deleted() {
      return new CallDeleted(
          eventId(EventType.CALL_DELETED),
          workspaceId,
          callId,
          occurredAt,
          CallDeleted.Reason.USER_REQUEST);
    }

    public AudioChunk audioChunk(long sequence, boolean last) {
      return new AudioChunk(
          eventId(EventType.AUDIO_CHUNK, sequence),
          workspaceId,
          callId,
          occurredAt,
          sequence,
          sequence * 16_000,
          "audio/ogg; codecs=opus",
          fakeCiphertext("audio " + sequence),
          last);
    }

    /** A final segment whose id is {@link #segmentId(long)}. */
    public TranscriptSegment segment(
        long sequence, String speaker, long startMs, long endMs, String text) {
      return segment().sequence(sequence).speaker(speaker).span(startMs, endMs).text(text).build();
    }

    /** A builder for segments of this call, starting from sequence 0 by {@code spk_0}. */
    public SegmentBuilder segment() {
      return new SegmentBuilder(this);
    }

    public MindmapUpdated mindmapUpdated(long version) {
      return new MindmapUpdated(
          eventId(EventType.MINDMAP_UPDATED, version),
          workspaceId,
          callId,
          occurredAt,
          version,
          fakeCiphertext("{\"root\":{\"label\":\"Budget\",\"version\":" + version + "}}"),
          "local");
    }

    public InsightDetected insight(InsightType type, String text, String... citedSegmentIds) {
      return new InsightDetected(
          eventId(EventType.INSIGHT_DETECTED, type, text),
          workspaceId,
          callId,
          occurredAt,
          Ids.deterministic("insight", callId, type, text),
          type,
          fakeCiphertext(text),
          Arrays.asList(citedSegmentIds),
          "local");
    }

    public SummaryUpdated summaryUpdated(long version, String text, String... citedSegmentIds) {
      return new SummaryUpdated(
          eventId(EventType.SUMMARY_UPDATED, version),
          workspaceId,
          callId,
          occurredAt,
          version,
          fakeCiphertext(text),
          Arrays.asList(citedSegmentIds),
          "local");
    }

    /** Two speakers, 60/40. */
    public MetricsUpdated metricsUpdated() {
      return new MetricsUpdated(
          eventId(EventType.METRICS_UPDATED),
          workspaceId,
          callId,
          occurredAt,
          Map.of("spk_0", 36_000L, "spk_1", 24_000L),
          0.6,
          12_500,
          7,
          4.5);
    }

    public CallAnalyzed analyzed(CallAnalyzed.Status status, String reason) {
      return new CallAnalyzed(
          eventId(EventType.CALL_ANALYZED, status),
          workspaceId,
          callId,
          occurredAt,
          status,
          reason,
          "local");
    }

    public Progress progress(Progress.Stage stage, long done, long total, Long etaMs) {
      return new Progress(
          eventId(EventType.PROGRESS, stage, done, total),
          workspaceId,
          callId,
          occurredAt,
          stage,
          done,
          total,
          etaMs);
    }

    public Usage usage(long inputTokens, long outputTokens) {
      return new Usage(
          eventId(EventType.USAGE, inputTokens, outputTokens),
          workspaceId,
          callId,
          occurredAt,
          inputTokens,
          outputTokens,
          1,
          60_000);
    }

    private String eventId(EventType type, Object... parts) {
      Object[] all = new Object[parts.length + 3];
      all[0] = workspaceId;
      all[1] = callId;
      all[2] = type.ceType();
      System.arraycopy(parts, 0, all, 3, parts.length);
      return Ids.deterministic("fixture-event", all);
    }
  }

  /** Builds transcript segments; defaults make a valid final segment. Not thread-safe. */
  public static final class SegmentBuilder {

    private final Call call;
    private long sequence;
    private String speaker = "spk_0";
    private long startMs;
    private long endMs = 1_000;
    private String text = "Hello";
    private boolean finalResult = true;

    private SegmentBuilder(Call call) {
      this.call = call;
    }

    public SegmentBuilder sequence(long sequence) {
      this.sequence = sequence;
      return this;
    }

    public SegmentBuilder speaker(String speaker) {
      this.speaker = speaker;
      return this;
    }

    public SegmentBuilder span(long startMs, long endMs) {
      this.startMs = startMs;
      this.endMs = endMs;
      return this;
    }

    public SegmentBuilder text(String text) {
      this.text = text;
      return this;
    }

    public SegmentBuilder finalResult(boolean finalResult) {
      this.finalResult = finalResult;
      return this;
    }

    public TranscriptSegment build() {
      return new TranscriptSegment(
          call.eventId(EventType.TRANSCRIPT_SEGMENT, sequence, finalResult, text),
          call.workspaceId,
          call.callId,
          call.occurredAt,
          call.segmentId(sequence),
          sequence,
          speaker,
          startMs,
          endMs,
          fakeCiphertext(text),
          finalResult);
    }
  }
}
