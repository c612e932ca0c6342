package io.callstream.ingest.transcript;

/**
 * Answer to a transcript upload: its segments are now durably in Kafka.
 *
 * @param callId the call
 * @param segments how many segments the transcript had
 * @param lastSequence the highest sequence number among them
 */
public record TranscriptAccepted(String callId, int segments, long lastSequence) {}
