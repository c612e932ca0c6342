/**
 * Live feeds: segments as they are spoken, over a WebSocket ({@code .../calls/{callId}/live}) or a
 * streamed {@code application/x-ndjson} upload ({@code .../calls/{callId}/segments}). Both read the
 * same segment messages, hand them to the segment intake in order and in small batches, never
 * reading faster than Kafka acknowledges, and answer each message with an ack or an error.
 */
@NullMarked
package io.callstream.ingest.live;

import org.jspecify.annotations.NullMarked;
