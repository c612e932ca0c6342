package io.callstream.ingest.transcript;

import io.callstream.ingest.segment.InvalidSegmentException;
import io.callstream.ingest.segment.SegmentDraft;
import io.callstream.ingest.segment.SegmentIntake;
import io.callstream.ingest.segment.UnknownSpeakerException;
import io.callstream.ingest.transcript.format.ParsedSegment;
import io.callstream.ingest.transcript.format.ParsedTranscript;
import io.callstream.ingest.transcript.format.TranscriptFormat;
import io.callstream.ingest.transcript.format.TranscriptFormatException;
import io.callstream.ingest.transcript.format.UnsupportedTranscriptFormatException;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.ErrorResponseException;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ResponseStatusException;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * Accepts a whole transcript in any {@link TranscriptFormat}, chosen by the {@code format} request
 * parameter or else by the Content-Type, and hands its segments to the segment intake in file
 * order, with the sequence numbers their parser gave them.
 *
 * <p>Rejections are problem+json: 415 for an unknown format, listing the known ones; 400 for a file
 * that breaks its format, with the line in the detail and in a {@code line} property; 422 for a
 * well-formed file that does not fit the call, such as a speaker outside the participant list the
 * call was created with (the intake's check, told here by the line, with a {@code speaker}
 * property).
 */
@RestController
public class TranscriptController {

  private final SegmentIntake intake;

  public TranscriptController(SegmentIntake intake) {
    this.intake = Objects.requireNonNull(intake, "intake must not be null");
  }

  @PostMapping("/v1/workspaces/{workspaceId}/calls/{callId}/transcript")
  public Mono<ResponseEntity<TranscriptAccepted>> upload(
      @PathVariable String workspaceId,
      @PathVariable String callId,
      @RequestParam(required = false) @Nullable String format,
      @RequestHeader(name = HttpHeaders.CONTENT_TYPE, required = false)
          @Nullable String contentType,
      @RequestBody(required = false) byte @Nullable [] body) {
    byte[] content = body == null ? new byte[0] : body;
    // Parsing a large file is CPU work: off the Netty thread, onto the CPU-bound workers.
    return Mono.fromCallable(
            () -> TranscriptFormat.select(format, contentType, content).parser().parse(content))
        .subscribeOn(Schedulers.parallel())
        .onErrorMap(UnsupportedTranscriptFormatException.class, TranscriptController::unsupported)
        .onErrorMap(TranscriptFormatException.class, TranscriptController::malformed)
        .flatMap(
            transcript ->
                intake
                    .accept(workspaceId, callId, drafts(transcript))
                    .onErrorMap(
                        UnknownSpeakerException.class,
                        e -> unknownSpeaker(transcript.segments().get(e.index()), e)))
        .onErrorMap(
            InvalidSegmentException.class,
            e -> new ResponseStatusException(HttpStatus.BAD_REQUEST, e.getMessage(), e))
        .map(
            sequences ->
                ResponseEntity.accepted()
                    .body(
                        new TranscriptAccepted(
                            callId, sequences.size(), Collections.max(sequences))));
  }

  private static List<SegmentDraft> drafts(ParsedTranscript transcript) {
    return transcript.segments().stream()
        .map(
            segment ->
                new SegmentDraft(
                    segment.sequence(),
                    segment.speaker(),
                    segment.startMs(),
                    segment.endMs(),
                    segment.text(),
                    true))
        .toList();
  }

  private static ErrorResponseException unsupported(UnsupportedTranscriptFormatException e) {
    ProblemDetail problem =
        problem(HttpStatus.UNSUPPORTED_MEDIA_TYPE, "Unsupported transcript format", e.getMessage());
    problem.setProperty(
        "supportedFormats",
        Arrays.stream(TranscriptFormat.values()).map(TranscriptFormat::parameter).toList());
    return new ErrorResponseException(HttpStatus.UNSUPPORTED_MEDIA_TYPE, problem, e);
  }

  private static ErrorResponseException malformed(TranscriptFormatException e) {
    ProblemDetail problem = problem(HttpStatus.BAD_REQUEST, "Malformed transcript", e.getMessage());
    problem.setProperty("line", e.line());
    return new ErrorResponseException(HttpStatus.BAD_REQUEST, problem, e);
  }

  /** The intake's 422, told by the line of the file rather than the segment's index. */
  private static ErrorResponseException unknownSpeaker(
      ParsedSegment segment, UnknownSpeakerException e) {
    ProblemDetail problem =
        problem(
            HttpStatus.UNPROCESSABLE_CONTENT,
            "Unknown speaker",
            "line " + segment.line() + ": " + e.reason());
    problem.setProperty("line", segment.line());
    problem.setProperty("speaker", e.speaker());
    return new ErrorResponseException(HttpStatus.UNPROCESSABLE_CONTENT, problem, e);
  }

  private static ProblemDetail problem(HttpStatus status, String title, String detail) {
    ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, detail);
    problem.setTitle(title);
    return problem;
  }
}
