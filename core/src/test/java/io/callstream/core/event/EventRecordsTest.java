package io.callstream.core.event;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class EventRecordsTest {

  private final EventFixtures.Call call = EventFixtures.call();

  @Test
  void shouldRejectSegmentWithNegativeStart() {
    assertThatThrownBy(() -> call.segment(0, "spk_0", -1, 100, "Hi"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("startMs must not be negative, was -1");
  }

  @Test
  void shouldRejectSegmentEndingBeforeItStarts() {
    assertThatThrownBy(() -> call.segment(0, "spk_0", 200, 100, "Hi"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("endMs must not be before startMs, was startMs=200 endMs=100");
  }

  @Test
  void shouldAcceptSegmentOfZeroLength() {
    assertThat(call.segment(0, "spk_0", 100, 100, "Hm").durationMs()).isZero();
  }

  @Test
  void shouldRejectMissingEnvelopeFieldsByName() {
    Instant now = EventFixtures.OCCURRED_AT;

    assertThatThrownBy(() -> new CallEnded("e-1", "ws-1", null, now, 0, null))
        .isInstanceOf(NullPointerException.class)
        .hasMessage("callId must not be null");
    assertThatThrownBy(() -> new CallEnded("e-1", " ", "call-1", now, 0, null))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("workspaceId must not be blank");
    assertThatThrownBy(() -> new CallEnded(null, "ws-1", "call-1", now, 0, null))
        .isInstanceOf(NullPointerException.class)
        .hasMessage("eventId must not be null");
    assertThatThrownBy(() -> new CallEnded("e-1", "ws-1", "call-1", null, 0, null))
        .isInstanceOf(NullPointerException.class)
        .hasMessage("occurredAt must not be null");
  }

  @Test
  void shouldCopyCollectionsSoEventsStayImmutable() {
    List<String> cited = new ArrayList<>(List.of("seg-1"));
    Map<String, Long> talk = new HashMap<>(Map.of("spk_0", 10L));
    InsightDetected insight =
        new InsightDetected(
            "e-1",
            "ws-1",
            "call-1",
            EventFixtures.OCCURRED_AT,
            "i-1",
            InsightType.RISK,
            EventFixtures.fakeCiphertext("risk"),
            cited,
            "local");
    MetricsUpdated metrics =
        new MetricsUpdated("e-2", "ws-1", "call-1", EventFixtures.OCCURRED_AT, talk, 1, 10, 0, 0);

    cited.add("seg-2");
    talk.put("spk_1", 5L);

    assertThat(insight.citedSegmentIds()).containsExactly("seg-1");
    assertThat(metrics.talkMsBySpeaker()).containsOnlyKeys("spk_0");
    assertThatThrownBy(() -> insight.citedSegmentIds().add("seg-3"))
        .isInstanceOf(UnsupportedOperationException.class);
  }

  @Test
  void shouldRejectUngroundedInsight() {
    assertThatThrownBy(() -> call.insight(InsightType.DECISION, "We ship Friday"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("citedSegmentIds must not be empty");
  }

  @Test
  void shouldRejectBlankCitation() {
    assertThatThrownBy(() -> call.insight(InsightType.DECISION, "We ship Friday", "seg-1", " "))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("citedSegmentIds must not contain null or blank ids");
  }

  @Test
  void shouldRejectProgressBeyondTotal() {
    assertThatThrownBy(() -> call.progress(Progress.Stage.CHUNKED, 11, 10, null))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("done must not exceed total, was done=11 total=10");
  }

  @Test
  void shouldRejectTalkRatioOutsideZeroToOne() {
    assertThatThrownBy(
            () ->
                new MetricsUpdated(
                    "e", "ws", "call", EventFixtures.OCCURRED_AT, Map.of(), 1.2, 0, 0, 0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("talkRatio must be between 0 and 1, was 1.2");
    assertThatThrownBy(
            () ->
                new MetricsUpdated(
                    "e", "ws", "call", EventFixtures.OCCURRED_AT, Map.of(), Double.NaN, 0, 0, 0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("talkRatio must be a finite number");
  }

  @Test
  void shouldRejectLanguageThatIsNotABcp47Tag() {
    CallStarted started = call.started();

    assertThatThrownBy(
            () ->
                new CallStarted(
                    started.eventId(),
                    started.workspaceId(),
                    started.callId(),
                    started.occurredAt(),
                    started.title(),
                    "English (UK)",
                    started.source(),
                    started.participants(),
                    started.metadata()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("language must be a BCP 47 tag");
  }

  @Test
  void shouldRejectParticipantWithBlankEmail() {
    assertThatThrownBy(() -> Participant.of("Ana", "host", ""))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("email must not be blank when present");
  }

  @Test
  void shouldCompareCiphertextByContent() {
    byte[] bytes = {1, 2, 3};
    Ciphertext ciphertext = Ciphertext.of(bytes);

    assertThat(ciphertext).isEqualTo(Ciphertext.of(new byte[] {1, 2, 3}));
    assertThat(ciphertext).hasSameHashCodeAs(Ciphertext.of(new byte[] {1, 2, 3}));
    assertThat(ciphertext).isNotEqualTo(Ciphertext.of(new byte[] {1, 2, 4}));
  }

  @Test
  void shouldNeverPrintCiphertextBytes() {
    Ciphertext ciphertext = EventFixtures.fakeCiphertext("secret plan");

    assertThat(ciphertext.toString()).isEqualTo("Ciphertext[27 bytes]");
    assertThat(call.segment(0, "spk_0", 0, 1, "secret plan").toString())
        .doesNotContain("secret", "fake-ciphertext")
        .contains("text=Ciphertext[27 bytes]");
  }

  @Test
  void shouldCopyCiphertextBytesInAndOut() {
    byte[] bytes = {1, 2, 3};
    Ciphertext ciphertext = Ciphertext.of(bytes);

    bytes[0] = 9;
    ciphertext.bytes()[1] = 9;

    assertThat(ciphertext.bytes()).containsExactly(1, 2, 3);
    assertThat(ciphertext.length()).isEqualTo(3);
  }

  @Test
  void shouldRejectEmptyCiphertext() {
    assertThatThrownBy(() -> Ciphertext.of(new byte[0]))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("ciphertext bytes must not be empty");
  }

  @Test
  void shouldTieEveryEventTypeToItsTopic() {
    assertThat(EventType.CALL_STARTED.topic()).isEqualTo(Topic.CALLS);
    assertThat(EventType.CALL_ENDED.topic()).isEqualTo(Topic.CALLS);
    assertThat(EventType.CALL_DELETED.topic()).isEqualTo(Topic.CALLS);
    assertThat(EventType.AUDIO_CHUNK.topic()).isEqualTo(Topic.AUDIO);
    assertThat(EventType.TRANSCRIPT_SEGMENT.topic()).isEqualTo(Topic.TRANSCRIPT);
    assertThat(EventType.MINDMAP_UPDATED.topic()).isEqualTo(Topic.INSIGHTS);
    assertThat(EventType.INSIGHT_DETECTED.topic()).isEqualTo(Topic.INSIGHTS);
    assertThat(EventType.SUMMARY_UPDATED.topic()).isEqualTo(Topic.INSIGHTS);
    assertThat(EventType.METRICS_UPDATED.topic()).isEqualTo(Topic.INSIGHTS);
    assertThat(EventType.CALL_ANALYZED.topic()).isEqualTo(Topic.INSIGHTS);
    assertThat(EventType.PROGRESS.topic()).isEqualTo(Topic.PROGRESS);
    assertThat(EventType.USAGE.topic()).isEqualTo(Topic.USAGE);
  }

  @Test
  void shouldFindEventTypeByCloudEventsType() {
    assertThat(EventType.fromCeType("io.callstream.transcript.segment.v1"))
        .contains(EventType.TRANSCRIPT_SEGMENT);
    assertThat(EventType.fromCeType("io.callstream.transcript.segment.v2")).isEmpty();
    for (EventType type : EventType.values()) {
      assertThat(EventType.fromCeType(type.ceType())).contains(type);
      assertThat(type.ceType()).matches("io\\.callstream\\.[a-z]+\\.[a-z]+\\.v\\d+");
    }
  }
}
