package io.callstream.ingest.live;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.callstream.ingest.call.EndedCall;
import java.util.Objects;
import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ProblemDetail;

/**
 * One answer of a live feed, one JSON object per message, in the order of the messages. Immutable.
 *
 * <ul>
 *   <li>{@code {"ack": 7, "duplicate": false}}: segment 7 is durably in Kafka;
 *   <li>{@code {"error": {"type": ..., "title": ..., "status": 400, "detail": "line 3: ...",
 *       "line": 3, "field": "sequence"}, "sequence": 7}}: the message was not accepted; {@code
 *       sequence} is left out when it could not be read;
 *   <li>{@code {"ended": {"callId": ..., "status": "ended", "endedAt": ..., "durationMs": ...}}}:
 *       the answer to {@code {"end": true}}.
 * </ul>
 */
public sealed interface LiveReply {

  /**
   * A segment is durably in Kafka.
   *
   * @param ack its sequence number
   * @param duplicate true if its sequence was accepted as final before, so it was not published
   *     again
   */
  record Ack(long ack, boolean duplicate) implements LiveReply {}

  /**
   * A message was not accepted.
   *
   * @param error RFC 9457 problem details, with the message's position ({@code line} or {@code
   *     message}) and the {@code field} at fault as extension members
   * @param sequence the message's sequence number, if it could be read
   */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  record Error(ProblemDetail error, @Nullable Long sequence) implements LiveReply {

    public Error {
      Objects.requireNonNull(error, "error must not be null");
    }

    /** An error whose detail starts with the position: {@code "line 3: text must be a string"}. */
    static Error of(
        Position position,
        @Nullable Long sequence,
        HttpStatusCode status,
        @Nullable String title,
        @Nullable String field,
        String reason) {
      ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, position + ": " + reason);
      if (title != null) {
        problem.setTitle(title);
      }
      problem.setProperty(position.kind(), position.number());
      if (field != null) {
        problem.setProperty("field", field);
      }
      return new Error(problem, sequence);
    }
  }

  /**
   * The call has ended.
   *
   * @param ended how, as {@code POST .../end} answers
   */
  record Ended(EndedCall ended) implements LiveReply {

    public Ended {
      Objects.requireNonNull(ended, "ended must not be null");
    }
  }
}
