package io.callstream.ingest.live;

import io.callstream.ingest.segment.SegmentDraft;
import java.util.Objects;
import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpStatus;

/** One message of a live feed, as read by {@link LiveMessageReader}. Immutable. */
public sealed interface LiveMessage {

  /** Where it was in its stream. */
  Position position();

  /** A segment: {@code {"sequence": 0, "speaker": "Ana", ..., "final": true}}. */
  record Segment(Position position, SegmentDraft draft) implements LiveMessage {

    public Segment {
      Objects.requireNonNull(position, "position must not be null");
      Objects.requireNonNull(draft, "draft must not be null");
    }
  }

  /** {@code {"end": true}}: the call has ended. */
  record End(Position position) implements LiveMessage {

    public End {
      Objects.requireNonNull(position, "position must not be null");
    }
  }

  /**
   * A message that is no segment and no end: not JSON, a field missing or of the wrong type.
   *
   * @param sequence the message's sequence number, if it could be read
   * @param field the field at fault, if one is
   * @param status the status to answer with
   * @param reason what is wrong, without the position
   */
  record Unreadable(
      Position position,
      @Nullable Long sequence,
      @Nullable String field,
      HttpStatus status,
      String reason)
      implements LiveMessage {

    public Unreadable {
      Objects.requireNonNull(position, "position must not be null");
      Objects.requireNonNull(status, "status must not be null");
      Objects.requireNonNull(reason, "reason must not be null");
    }
  }
}
