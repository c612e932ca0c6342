package io.callstream.core.event;

import java.time.Instant;

/**
 * One speaker's utterance, with its time span in the call and its text encrypted. Mindmap nodes and
 * insights cite segments by {@link #segmentId()}.
 *
 * <p>A live recognizer may send a segment several times as it revises it, with the same segment id;
 * the last one with {@code finalResult} true is the one that stands.
 *
 * @param segmentId stable id of the segment within its call
 * @param sequence position of the segment in the call, from 0
 * @param speaker speaker label or name, for example {@code spk_0} or {@code Ana}
 * @param startMs start of the utterance, in milliseconds from the start of the call
 * @param endMs end of the utterance, never before {@code startMs}
 * @param text the encrypted UTF-8 text
 * @param finalResult whether the recognizer will revise this segment no further
 */
public record TranscriptSegment(
    String eventId,
    String workspaceId,
    String callId,
    Instant occurredAt,
    String segmentId,
    long sequence,
    String speaker,
    long startMs,
    long endMs,
    Ciphertext text,
    boolean finalResult)
    implements CallstreamEvent {

  public TranscriptSegment {
    Checks.envelope(eventId, workspaceId, callId, occurredAt);
    Checks.notBlank(segmentId, "segmentId");
    Checks.notNegative(sequence, "sequence");
    Checks.notBlank(speaker, "speaker");
    Checks.notNegative(startMs, "startMs");
    Checks.notNegative(endMs, "endMs");
    if (endMs < startMs) {
      throw new IllegalArgumentException(
          "endMs must not be before startMs, was startMs=" + startMs + " endMs=" + endMs);
    }
    Checks.notNull(text, "text");
  }

  /** Length of the utterance in milliseconds. */
  public long durationMs() {
    return endMs - startMs;
  }

  @Override
  public EventType type() {
    return EventType.TRANSCRIPT_SEGMENT;
  }
}
