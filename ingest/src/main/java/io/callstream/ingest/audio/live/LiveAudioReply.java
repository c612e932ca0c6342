package io.callstream.ingest.audio.live;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import java.util.Objects;

/**
 * One text message of the server on the live audio socket, a small JSON object named by its {@code
 * type}. Immutable.
 *
 * <ul>
 *   <li>{@code {"type": "ready", "bytes": N}}: the feed is open; the call's audio has N bytes
 *       stored, and the first byte sent goes on after them;
 *   <li>{@code {"type": "stored", "bytes": N}}: a chunk is durably in Kafka; N bytes of the call's
 *       audio are stored;
 *   <li>{@code {"type": "ended", "bytes": N}}: the audio's last chunk is in Kafka and the call is
 *       ended; its audio is N bytes long. The socket then closes normally (1000);
 *   <li>{@code {"type": "error", "status": 413, "title": ..., "detail": ...}}: what went wrong, as
 *       an HTTP problem would say it. The socket then closes (see {@link LiveAudioSocket}); the
 *       call stays open.
 * </ul>
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "type")
@JsonSubTypes({
  @JsonSubTypes.Type(value = LiveAudioReply.Ready.class, name = "ready"),
  @JsonSubTypes.Type(value = LiveAudioReply.Stored.class, name = "stored"),
  @JsonSubTypes.Type(value = LiveAudioReply.Ended.class, name = "ended"),
  @JsonSubTypes.Type(value = LiveAudioReply.Error.class, name = "error")
})
public sealed interface LiveAudioReply {

  /**
   * The feed is open.
   *
   * @param bytes bytes of the call's audio stored before it: where it goes on
   */
  record Ready(long bytes) implements LiveAudioReply {}

  /**
   * A chunk is in Kafka.
   *
   * @param bytes bytes of the call's audio stored now
   */
  record Stored(long bytes) implements LiveAudioReply {}

  /**
   * The audio, and with it the call, has ended.
   *
   * @param bytes the length of the call's audio
   */
  record Ended(long bytes) implements LiveAudioReply {}

  /**
   * The feed failed.
   *
   * @param status the HTTP status the failure would have as a request
   * @param title short and the same for every failure of its kind
   * @param detail what happened and what to do, for this failure
   */
  record Error(int status, String title, String detail) implements LiveAudioReply {

    public Error {
      Objects.requireNonNull(title, "title must not be null");
      Objects.requireNonNull(detail, "detail must not be null");
    }
  }
}
