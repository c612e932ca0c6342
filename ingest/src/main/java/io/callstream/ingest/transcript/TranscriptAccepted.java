package io.callstream.ingest.transcript;

/** Answer to a transcript upload: how many segments are now durably in Kafka. */
public record TranscriptAccepted(String callId, int segments, long lastSequence) {}
