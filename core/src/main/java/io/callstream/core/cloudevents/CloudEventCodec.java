package io.callstream.core.cloudevents;

import io.callstream.core.event.CallstreamEvent;
import io.callstream.core.event.EventJson;
import io.callstream.core.event.EventType;
import io.cloudevents.CloudEvent;
import io.cloudevents.CloudEventData;
import io.cloudevents.core.builder.CloudEventBuilder;
import io.cloudevents.kafka.KafkaMessageFactory;
import io.cloudevents.rw.CloudEventRWException;
import java.io.IOException;
import java.io.Serializable;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.Objects;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Headers;
import org.jspecify.annotations.Nullable;

/**
 * Turns events into Kafka records and back: CloudEvents 1.0, binary mode, as DESIGN.md fixes it.
 *
 * <table>
 *   <caption>Where each part of an event goes</caption>
 *   <tr><th>event</th><th>Kafka record</th></tr>
 *   <tr><td>{@code type()}</td><td>topic, {@code ce_type}, {@code ce_dataschema}</td></tr>
 *   <tr><td>{@code eventId}</td><td>{@code ce_id}</td></tr>
 *   <tr><td>{@code callId}</td><td>key (UTF-8), {@code ce_subject}</td></tr>
 *   <tr><td>{@code workspaceId}</td><td>{@code ce_workspaceid}</td></tr>
 *   <tr><td>{@code occurredAt}</td><td>{@code ce_time}, record timestamp</td></tr>
 *   <tr><td>the whole record</td><td>value: JSON by {@link EventJson}, {@code content-type:
 *       application/json}</td></tr>
 * </table>
 *
 * <p>The data repeats the envelope (id, workspace, call, time), so it stands on its own when stored
 * or forwarded without headers; {@link #decode} rejects a record whose headers and data disagree.
 * The record timestamp is the event time, so a Flink Kafka source has event time without a custom
 * timestamp assigner.
 *
 * <p>Immutable, thread-safe and {@link Serializable}, so a Flink (de)serialization schema can hold
 * one.
 */
public final class CloudEventCodec implements Serializable {

  /** The CloudEvents extension attribute that carries the workspace id. */
  public static final String WORKSPACE_ID_EXTENSION = "workspaceid";

  /** The {@code datacontenttype} of every event. */
  public static final String DATA_CONTENT_TYPE = "application/json";

  private static final long serialVersionUID = 1L;

  private static final Pattern COMPONENT = Pattern.compile("[a-z][a-z0-9-]*");

  private final URI source;

  private CloudEventCodec(URI source) {
    this.source = source;
  }

  /**
   * A codec whose events come from {@code /callstream/<component>}.
   *
   * @param component the producing component, lowercase, for example {@code ingest} or {@code
   *     flink-analysis}
   */
  public static CloudEventCodec of(String component) {
    Objects.requireNonNull(component, "component must not be null");
    if (!COMPONENT.matcher(component).matches()) {
      throw new IllegalArgumentException(
          "component must be lowercase letters, digits and dashes, starting with a letter, was '"
              + component
              + "'");
    }
    return new CloudEventCodec(URI.create("/callstream/" + component));
  }

  /** The CloudEvents {@code source} of the events this codec encodes. */
  public URI source() {
    return source;
  }

  /** The Kafka record key of an event: its call id in UTF-8, so a call's events stay in order. */
  public static byte[] key(CallstreamEvent event) {
    Objects.requireNonNull(event, "event must not be null");
    return event.callId().getBytes(StandardCharsets.UTF_8);
  }

  /** The event as a Kafka record for its type's topic, with {@code ce_*} headers. */
  public ProducerRecord<byte[], byte[]> encode(CallstreamEvent event) {
    CloudEvent cloudEvent = toCloudEvent(event);
    return KafkaMessageFactory.createWriter(
            event.type().topic().topicName(), null, event.occurredAt().toEpochMilli(), key(event))
        .writeBinary(cloudEvent);
  }

  /** The event as a CloudEvent with JSON data, for transports other than Kafka records. */
  public CloudEvent toCloudEvent(CallstreamEvent event) {
    Objects.requireNonNull(event, "event must not be null");
    EventType type = event.type();
    return CloudEventBuilder.v1()
        .withId(event.eventId())
        .withSource(source)
        .withType(type.ceType())
        .withSubject(event.callId())
        .withTime(event.occurredAt().atOffset(ZoneOffset.UTC))
        .withDataContentType(DATA_CONTENT_TYPE)
        .withDataSchema(type.schemaId())
        .withExtension(WORKSPACE_ID_EXTENSION, event.workspaceId())
        .withData(EventJson.write(event))
        .build();
  }

  /**
   * The event in a Kafka record.
   *
   * @throws MalformedEventException if the record is not a callstream event; the message names the
   *     record's topic, partition and offset
   */
  public CallstreamEvent decode(ConsumerRecord<byte[], byte[]> record) {
    Objects.requireNonNull(record, "record must not be null");
    String where = "record " + record.topic() + "-" + record.partition() + "@" + record.offset();
    return decode(record.headers(), record.value(), where);
  }

  /**
   * The event in a Kafka record's headers and value, for APIs that hand those over separately.
   *
   * @throws MalformedEventException if they are not a callstream event
   */
  public CallstreamEvent decode(Headers headers, byte @Nullable [] value) {
    Objects.requireNonNull(headers, "headers must not be null");
    return decode(headers, value, "record");
  }

  /**
   * The event in a CloudEvent.
   *
   * @throws MalformedEventException if the CloudEvent is not a callstream event
   */
  public CallstreamEvent fromCloudEvent(CloudEvent cloudEvent) {
    Objects.requireNonNull(cloudEvent, "cloudEvent must not be null");
    return fromCloudEvent(cloudEvent, "CloudEvent");
  }

  /** Decodes, naming the record {@code where} in error messages. */
  static CallstreamEvent decode(Headers headers, byte @Nullable [] value, String where) {
    if (value == null) {
      // a null value is a Kafka tombstone, which callstream never writes: CallDeleted erases
      throw new MalformedEventException(where + " has no value (a tombstone?), not a CloudEvent");
    }
    CloudEvent cloudEvent;
    try {
      cloudEvent = KafkaMessageFactory.createReader(headers, value).toEvent();
    } catch (CloudEventRWException e) {
      if (e.getKind() == CloudEventRWException.CloudEventRWExceptionKind.UNKNOWN_ENCODING) {
        throw new MalformedEventException(
            where
                + " is not a CloudEvent: it has no ce_specversion header (binary mode)"
                + " and no content-type application/cloudevents+json (structured mode)",
            e);
      }
      throw new MalformedEventException(where + " is not a valid CloudEvent: " + e.getMessage(), e);
    } catch (IllegalStateException e) {
      // the SDK's builder reports a missing required attribute (id, source, type) this way
      throw new MalformedEventException(where + " is not a valid CloudEvent: " + e.getMessage(), e);
    }
    return fromCloudEvent(cloudEvent, where);
  }

  private static CallstreamEvent fromCloudEvent(CloudEvent cloudEvent, String where) {
    EventType type =
        EventType.fromCeType(cloudEvent.getType())
            .orElseThrow(
                () ->
                    new MalformedEventException(
                        where
                            + " has unknown event type '"
                            + cloudEvent.getType()
                            + "'; known types are "
                            + knownTypes()));
    String described = where + " (" + type.ceType() + ", id " + cloudEvent.getId() + ")";
    Object workspaceId = cloudEvent.getExtension(WORKSPACE_ID_EXTENSION);
    if (workspaceId == null) {
      throw new MalformedEventException(
          described
              + " lacks the '"
              + WORKSPACE_ID_EXTENSION
              + "' extension attribute (Kafka header ce_"
              + WORKSPACE_ID_EXTENSION
              + "): every event must name its workspace");
    }
    String contentType = cloudEvent.getDataContentType();
    if (contentType != null && !isJson(contentType)) {
      throw new MalformedEventException(
          described + " has data of type '" + contentType + "', expected " + DATA_CONTENT_TYPE);
    }
    CloudEventData data = cloudEvent.getData();
    if (data == null) {
      throw new MalformedEventException(described + " has no data");
    }
    CallstreamEvent event;
    try {
      event = EventJson.read(data.toBytes(), type);
    } catch (IOException e) {
      throw new MalformedEventException(
          described + " has data that is not a valid " + type.ceType() + ": " + e.getMessage(), e);
    }
    requireSame(described, "id", cloudEvent.getId(), "eventId", event.eventId());
    requireSame(
        described,
        WORKSPACE_ID_EXTENSION,
        workspaceId.toString(),
        "workspaceId",
        event.workspaceId());
    requireSame(described, "subject", cloudEvent.getSubject(), "callId", event.callId());
    return event;
  }

  private static boolean isJson(String contentType) {
    String mediaType = contentType.split(";", 2)[0].trim();
    return mediaType.equalsIgnoreCase(DATA_CONTENT_TYPE);
  }

  /**
   * Headers and data must agree: consumers route and authorize by the headers (workspace!) and read
   * the data, so a disagreement could show one tenant's data under another's name.
   */
  private static void requireSame(
      String described,
      String attribute,
      @Nullable String attributeValue,
      String field,
      String fieldValue) {
    if (!fieldValue.equals(attributeValue)) {
      throw new MalformedEventException(
          described
              + " has "
              + field
              + " '"
              + fieldValue
              + "' in its data but "
              + attribute
              + " '"
              + attributeValue
              + "' in its attributes");
    }
  }

  private static String knownTypes() {
    return Arrays.stream(EventType.values())
        .map(EventType::ceType)
        .collect(Collectors.joining(", "));
  }
}
