package io.callstream.ingest.segment;

import java.util.List;
import java.util.Objects;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.ErrorResponseException;

/**
 * A segment whose speaker is not on the participant list its call was created with: a 422 problem
 * whose detail names the segment ({@code segments[i]}) and the speaker, with the members {@code
 * speaker} and {@code segment} (its index in the request), so a caller that knows more (a file's
 * line) can say it instead.
 */
public final class UnknownSpeakerException extends ErrorResponseException {

  private static final long serialVersionUID = 1L;

  private final int index;
  private final String speaker;
  private final List<String> participants;

  UnknownSpeakerException(int index, String speaker, List<String> participants) {
    super(
        HttpStatus.UNPROCESSABLE_CONTENT,
        problem(index, Objects.requireNonNull(speaker, "speaker must not be null"), participants),
        null);
    this.index = index;
    this.speaker = speaker;
    this.participants = List.copyOf(participants);
  }

  /** The segment's index in the request. */
  public int index() {
    return index;
  }

  /** The speaker as the segment named it. */
  public String speaker() {
    return speaker;
  }

  /** The call's participants, in the order they were given. */
  public List<String> participants() {
    return participants;
  }

  /** Why, without saying where: {@code speaker 'Zed' is not a participant of this call (...)}. */
  public String reason() {
    return reason(speaker, participants);
  }

  static String reason(String speaker, List<String> participants) {
    return "speaker '"
        + speaker
        + "' is not a participant of this call (participants: "
        + String.join(", ", participants)
        + ")";
  }

  private static ProblemDetail problem(int index, String speaker, List<String> participants) {
    ProblemDetail problem =
        ProblemDetail.forStatusAndDetail(
            HttpStatus.UNPROCESSABLE_CONTENT,
            "segments[" + index + "]: " + reason(speaker, participants));
    problem.setTitle("Unknown speaker");
    problem.setProperty("segment", index);
    problem.setProperty("speaker", speaker);
    return problem;
  }
}
