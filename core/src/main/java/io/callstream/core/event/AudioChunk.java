package io.callstream.core.event;

import java.time.Instant;

/**
 * A piece of a call's audio, encrypted. Chunks of a call are numbered from 0 without gaps, so a
 * consumer can reassemble them and spot a missing or repeated one.
 *
 * @param sequence position of the chunk in the call, from 0
 * @param offset byte offset of the chunk's first (plaintext) byte in the call's audio stream
 * @param contentType media type of the plaintext audio, for example {@code audio/ogg; codecs=opus}
 * @param audio the encrypted audio bytes
 * @param last whether this is the call's final chunk
 */
public record AudioChunk(
    String eventId,
    String workspaceId,
    String callId,
    Instant occurredAt,
    long sequence,
    long offset,
    String contentType,
    Ciphertext audio,
    boolean last)
    implements CallstreamEvent {

  public AudioChunk {
    Checks.envelope(eventId, workspaceId, callId, occurredAt);
    Checks.notNegative(sequence, "sequence");
    Checks.notNegative(offset, "offset");
    Checks.notBlank(contentType, "contentType");
    Checks.notNull(audio, "audio");
  }

  @Override
  public EventType type() {
    return EventType.AUDIO_CHUNK;
  }
}
