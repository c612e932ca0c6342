package io.callstream.core.event;

import java.time.Instant;

/**
 * A call was erased. On the compacted calls topic it is the tombstone of its call: compaction keeps
 * only the latest record per call id, so the personal data in {@link CallStarted} leaves the log,
 * while consumers still learn that, and why, the call went away (a bare null-value tombstone would
 * say neither).
 *
 * @param reason why the call was erased
 */
public record CallDeleted(
    String eventId, String workspaceId, String callId, Instant occurredAt, Reason reason)
    implements CallstreamEvent {

  /** Why a call was erased. */
  public enum Reason {
    /** A user deleted the call. */
    USER_REQUEST,
    /** The workspace plan's retention period ran out. */
    RETENTION,
    /** The whole workspace was erased. */
    WORKSPACE_ERASURE
  }

  public CallDeleted {
    Checks.envelope(eventId, workspaceId, callId, occurredAt);
    Checks.notNull(reason, "reason");
  }

  @Override
  public EventType type() {
    return EventType.CALL_DELETED;
  }
}
