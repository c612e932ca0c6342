package io.callstream.core.event;

import java.time.Instant;
import org.jspecify.annotations.Nullable;

/**
 * How far a call has got through one stage of the pipeline. Sent at least once on a low-latency
 * topic, so a consumer may see one twice: progress with the same event id is the same progress.
 *
 * @param stage the stage that progressed
 * @param done units of work done in this stage (chunks, segments, bytes: the stage decides)
 * @param total units of work known so far, at least {@code done}; in a live call it may grow
 * @param etaMs estimated milliseconds until the stage is done, or null when unknown
 */
public record Progress(
    String eventId,
    String workspaceId,
    String callId,
    Instant occurredAt,
    Stage stage,
    long done,
    long total,
    @Nullable Long etaMs)
    implements CallstreamEvent {

  /** Pipeline stages, in the order a call passes them. */
  public enum Stage {
    RECEIVED,
    TRANSCRIBED,
    CHUNKED,
    ANALYZED,
    SUMMARIZED
  }

  public Progress {
    Checks.envelope(eventId, workspaceId, callId, occurredAt);
    Checks.notNull(stage, "stage");
    Checks.notNegative(done, "done");
    Checks.notNegative(total, "total");
    if (done > total) {
      throw new IllegalArgumentException(
          "done must not exceed total, was done=" + done + " total=" + total);
    }
    if (etaMs != null) {
      Checks.notNegative(etaMs, "etaMs");
    }
  }

  @Override
  public EventType type() {
    return EventType.PROGRESS;
  }
}
