package io.callstream.core.event;

import java.net.URI;
import java.util.Arrays;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The catalogue of event types: for each, its versioned CloudEvents {@code type}, its Kafka topic,
 * its record class and its JSON Schema.
 *
 * <p>A type string never changes meaning: a change to a type's data that old consumers cannot read
 * is a new type ({@code ...v2}) beside the old one.
 */
public enum EventType {
  CALL_STARTED("io.callstream.call.started.v1", Topic.CALLS, CallStarted.class),
  CALL_ENDED("io.callstream.call.ended.v1", Topic.CALLS, CallEnded.class),
  CALL_DELETED("io.callstream.call.deleted.v1", Topic.CALLS, CallDeleted.class),
  AUDIO_CHUNK("io.callstream.audio.chunk.v1", Topic.AUDIO, AudioChunk.class),
  TRANSCRIPT_SEGMENT(
      "io.callstream.transcript.segment.v1", Topic.TRANSCRIPT, TranscriptSegment.class),
  MINDMAP_UPDATED("io.callstream.mindmap.updated.v1", Topic.INSIGHTS, MindmapUpdated.class),
  INSIGHT_DETECTED("io.callstream.insight.detected.v1", Topic.INSIGHTS, InsightDetected.class),
  SUMMARY_UPDATED("io.callstream.summary.updated.v1", Topic.INSIGHTS, SummaryUpdated.class),
  METRICS_UPDATED("io.callstream.metrics.updated.v1", Topic.INSIGHTS, MetricsUpdated.class),
  CALL_ANALYZED("io.callstream.call.analyzed.v1", Topic.INSIGHTS, CallAnalyzed.class),
  PROGRESS("io.callstream.progress.updated.v1", Topic.PROGRESS, Progress.class),
  USAGE("io.callstream.usage.recorded.v1", Topic.USAGE, Usage.class);

  /**
   * Base of every schema's {@code $id}. An identifier, not a download location: the schemas ship in
   * this jar under {@code schemas/}.
   */
  public static final String SCHEMA_ID_BASE = "https://callstream.io/schemas/";

  /** Classpath folder of the schemas. */
  public static final String SCHEMA_RESOURCE_FOLDER = "schemas/";

  private static final Map<String, EventType> BY_CE_TYPE =
      Arrays.stream(values())
          .collect(Collectors.toUnmodifiableMap(t -> t.ceType, Function.identity()));

  private final String ceType;
  private final Topic topic;
  private final Class<? extends CallstreamEvent> eventClass;
  private final URI schemaId;

  EventType(String ceType, Topic topic, Class<? extends CallstreamEvent> eventClass) {
    this.ceType = ceType;
    this.topic = topic;
    this.eventClass = eventClass;
    this.schemaId = URI.create(SCHEMA_ID_BASE + ceType + ".json");
  }

  /** The event type for a CloudEvents {@code type}, or empty if callstream does not know it. */
  public static Optional<EventType> fromCeType(String ceType) {
    return Optional.ofNullable(BY_CE_TYPE.get(Checks.notNull(ceType, "ceType")));
  }

  /** The CloudEvents {@code type}, for example {@code io.callstream.transcript.segment.v1}. */
  public String ceType() {
    return ceType;
  }

  /** The topic every event of this type is written to. */
  public Topic topic() {
    return topic;
  }

  /** The record class of this type's events. */
  public Class<? extends CallstreamEvent> eventClass() {
    return eventClass;
  }

  /** The schema's {@code $id}, also the CloudEvents {@code dataschema} of every event. */
  public URI schemaId() {
    return schemaId;
  }

  /** Classpath resource of the JSON Schema (draft 2020-12) of this type's {@code data}. */
  public String schemaResource() {
    return SCHEMA_RESOURCE_FOLDER + ceType + ".json";
  }
}
