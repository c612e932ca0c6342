/**
 * Events on the wire: CloudEvents 1.0 in Kafka binary mode ({@code ce_*} headers, JSON data, key =
 * call id), through the CloudEvents Java SDK. {@link
 * io.callstream.core.cloudevents.CloudEventCodec} works on byte records for Flink and hand-written
 * clients; the Kafka serializer and deserializer adapt it for plain producers and consumers.
 *
 * <p>Everything here is non-null unless marked {@code @Nullable}.
 */
@NullMarked
package io.callstream.core.cloudevents;

import org.jspecify.annotations.NullMarked;
