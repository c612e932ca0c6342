package io.callstream.ingest.audio;

import io.callstream.ingest.limits.LimitExceededException;
import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.ErrorResponseException;

/**
 * The RFC 9457 problems of audio uploads. Each tells the client what to send next; the ones about
 * an existing upload carry its offset (see {@link UploadHeaders}) as headers and as the property
 * {@code expectedOffset}.
 */
final class UploadProblems {

  /** The name of the size limit among {@code callstream.ingest.limits.*}. */
  static final String LIMIT = "audio-bytes";

  /** Seconds a client waits before it retries while another PUT holds the upload. */
  static final int RETRY_AFTER_SECONDS = 1;

  private UploadProblems() {}

  static ErrorResponseException badRequest(String detail) {
    return problem(HttpStatus.BAD_REQUEST, "Invalid audio upload", detail, null);
  }

  static ErrorResponseException unsupportedType(String contentType) {
    return problem(
        HttpStatus.UNSUPPORTED_MEDIA_TYPE,
        "Not audio",
        "Content-Type '"
            + contentType
            + "' is not audio: send audio/*, video/*, application/ogg or"
            + " application/octet-stream",
        null);
  }

  static ErrorResponseException tooLarge(long limit, long declared) {
    return LimitExceededException.tooLarge(
        "the audio is " + declared + " bytes, more than the limit of " + limit + " bytes",
        LIMIT,
        limit);
  }

  static ErrorResponseException wrongOffset(UploadState state, long start) {
    return problem(
        HttpStatus.CONFLICT,
        "Wrong upload offset",
        "this PUT starts at byte "
            + start
            + ", but "
            + stored(state)
            + ": send the bytes from "
            + state.storedBytes()
            + " on with 'Content-Range: bytes "
            + state.storedBytes()
            + "-LAST/TOTAL'",
        state);
  }

  static ErrorResponseException alreadyComplete(UploadState state) {
    return problem(
        HttpStatus.CONFLICT,
        "Audio already complete",
        "all " + state.totalBytes() + " bytes of this call's audio are stored already",
        state);
  }

  static ErrorResponseException lengthChanged(UploadState state, long declared) {
    return problem(
        HttpStatus.CONFLICT,
        "Audio length changed",
        "this PUT says the audio is "
            + declared
            + " bytes long, but "
            + (state.totalBytes() == null
                ? "more is stored already"
                : "an earlier PUT said " + state.totalBytes())
            + "; "
            + stored(state),
        state);
  }

  static ErrorResponseException pastEnd(UploadState state, long end) {
    return problem(
        HttpStatus.CONFLICT,
        "Audio length changed",
        "this PUT runs to byte "
            + (end - 1)
            + ", but an earlier PUT said the audio is "
            + state.totalBytes()
            + " bytes long; "
            + stored(state),
        state);
  }

  static ErrorResponseException inProgress() {
    ErrorResponseException problem =
        problem(
            HttpStatus.CONFLICT,
            "Upload in progress",
            "another PUT is writing this call's audio; retry when it has ended (ask for the"
                + " offset first with HEAD)",
            null);
    problem.getHeaders().set(HttpHeaders.RETRY_AFTER, Integer.toString(RETRY_AFTER_SECONDS));
    return problem;
  }

  /** The call's audio is held by a PUT or a live feed, when a live feed or an end wants it. */
  static ErrorResponseException inUse() {
    ErrorResponseException problem =
        problem(
            HttpStatus.CONFLICT,
            "Audio in use",
            "a PUT or a live feed is writing this call's audio; end the live feed, or retry when"
                + " the PUT has ended",
            null);
    problem.getHeaders().set(HttpHeaders.RETRY_AFTER, Integer.toString(RETRY_AFTER_SECONDS));
    return problem;
  }

  static ErrorResponseException formatDiffers(UploadState state, String contentType) {
    return problem(
        HttpStatus.CONFLICT,
        "Audio format differs",
        "this call's audio is "
            + state.contentType()
            + ", but this feed would send "
            + contentType
            + "; "
            + stored(state)
            + ": go on in the same format",
        state);
  }

  static ErrorResponseException lengthDeclared(UploadState state) {
    return problem(
        HttpStatus.CONFLICT,
        "Audio length declared",
        "a PUT said this call's audio is "
            + state.totalBytes()
            + " bytes long, and "
            + stored(state)
            + ": send the rest with PUT, not a live feed",
        state);
  }

  static ErrorResponseException takenOver(UploadState state) {
    return problem(
        HttpStatus.CONFLICT,
        "Upload taken over",
        "this PUT had not stored a chunk for "
            + AudioUploadRepository.LEASE_SECONDS
            + " seconds and another PUT took over the call's audio; "
            + stored(state),
        state);
  }

  /** The body of a PUT ran against its declaration or the limit after {@code state} was stored. */
  static ErrorResponseException bodyRejected(
      AudioBodyException rejected, UploadState state, long limit) {
    String detail = rejected.getMessage() + "; " + stored(state);
    if (rejected.kind() != AudioBodyException.Kind.TOO_LARGE) {
      return problem(HttpStatus.BAD_REQUEST, "Invalid audio upload", detail, state);
    }
    ErrorResponseException problem = LimitExceededException.tooLarge(detail, LIMIT, limit);
    describe(problem, state);
    return problem;
  }

  private static String stored(UploadState state) {
    return state.storedBytes() == 0
        ? "no byte of this call's audio is stored"
        : "bytes 0-"
            + (state.storedBytes() - 1)
            + " of this call's audio are stored ("
            + state.storedBytes()
            + " bytes)";
  }

  private static ErrorResponseException problem(
      HttpStatus status, String title, String detail, @Nullable UploadState state) {
    ProblemDetail body = ProblemDetail.forStatusAndDetail(status, detail);
    body.setTitle(title);
    ErrorResponseException problem = new ErrorResponseException(status, body, null);
    if (state != null) {
      describe(problem, state);
    }
    return problem;
  }

  private static void describe(ErrorResponseException problem, UploadState state) {
    problem.getBody().setProperty("expectedOffset", state.storedBytes());
    UploadHeaders.describe(problem.getHeaders(), state);
  }
}
