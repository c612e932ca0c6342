package io.callstream.core.event;

import java.time.Instant;

/**
 * An event on one of callstream's Kafka topics. Every event belongs to one call of one workspace,
 * and its {@link #type()} names its CloudEvents type, topic and JSON Schema.
 *
 * <p>The interface is sealed so that a {@code switch} over events is checked for completeness by
 * the compiler: adding an event type breaks every consumer that forgot it, at compile time.
 */
public sealed interface CallstreamEvent
    permits CallStarted,
        CallEnded,
        CallDeleted,
        AudioChunk,
        TranscriptSegment,
        MindmapUpdated,
        InsightDetected,
        SummaryUpdated,
        MetricsUpdated,
        CallAnalyzed,
        Progress,
        Usage {

  /** Unique id of this event; consumers deduplicate by it. The CloudEvents {@code id}. */
  String eventId();

  /** The tenant. The CloudEvents extension attribute {@code workspaceid}. */
  String workspaceId();

  /** The call the event belongs to. The Kafka record key and the CloudEvents {@code subject}. */
  String callId();

  /** When the event happened. The CloudEvents {@code time}. */
  Instant occurredAt();

  /** The type of this event, which fixes its topic and schema. */
  EventType type();
}
