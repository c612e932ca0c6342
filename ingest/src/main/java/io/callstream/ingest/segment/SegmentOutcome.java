package io.callstream.ingest.segment;

import java.util.Objects;
import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpStatus;

/** What became of one segment handed to {@link SegmentIntake#acceptEach}. Immutable. */
public sealed interface SegmentOutcome {

  /** The segment's sequence number, as the client sent it. */
  long sequence();

  /**
   * The segment is durably in Kafka.
   *
   * @param duplicate true if it was there before this request (its sequence was accepted as final
   *     earlier), so it was not published again
   */
  record Accepted(long sequence, boolean duplicate) implements SegmentOutcome {}

  /**
   * The segment is invalid, or beyond a limit, and was not published.
   *
   * @param field the field at fault, when one is
   * @param reason why, starting with the field's name when there is one: {@code "text must not be
   *     blank"}
   * @param status how to answer: 400 for an invalid segment, 422 for one beyond a limit
   */
  record Rejected(long sequence, @Nullable String field, String reason, HttpStatus status)
      implements SegmentOutcome {

    public Rejected {
      Objects.requireNonNull(reason, "reason must not be null");
      Objects.requireNonNull(status, "status must not be null");
    }

    /** An invalid segment: 400. */
    public Rejected(long sequence, @Nullable String field, String reason) {
      this(sequence, field, reason, HttpStatus.BAD_REQUEST);
    }
  }
}
