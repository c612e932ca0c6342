package io.callstream.ingest.transcript;

import io.callstream.ingest.segment.InvalidSegmentException;
import io.callstream.ingest.segment.SegmentDraft;
import io.callstream.ingest.segment.SegmentIntake;
import java.util.ArrayList;
import java.util.List;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ResponseStatusException;
import reactor.core.publisher.Mono;

/**
 * Accepts a whole transcript as JSON segments, numbered 0..n-1 in the order given, and hands them
 * to the segment intake.
 */
@RestController
public class TranscriptController {

  private final SegmentIntake intake;

  public TranscriptController(SegmentIntake intake) {
    this.intake = intake;
  }

  @PostMapping("/v1/workspaces/{workspaceId}/calls/{callId}/transcript")
  public Mono<ResponseEntity<TranscriptAccepted>> upload(
      @PathVariable String workspaceId,
      @PathVariable String callId,
      @RequestBody TranscriptRequest request) {
    List<SegmentInput> inputs = request.segments();
    if (inputs == null || inputs.isEmpty()) {
      throw new ResponseStatusException(HttpStatus.BAD_REQUEST, "segments must not be empty");
    }
    List<SegmentDraft> drafts = new ArrayList<>(inputs.size());
    for (int sequence = 0; sequence < inputs.size(); sequence++) {
      SegmentInput input = inputs.get(sequence);
      if (input == null) {
        throw new ResponseStatusException(
            HttpStatus.BAD_REQUEST, "segments[" + sequence + "] must not be null");
      }
      drafts.add(
          new SegmentDraft(
              sequence, input.speaker(), input.startMs(), input.endMs(), input.text(), true));
    }
    return intake
        .accept(workspaceId, callId, drafts)
        .onErrorMap(
            InvalidSegmentException.class,
            e -> new ResponseStatusException(HttpStatus.BAD_REQUEST, e.getMessage(), e))
        .map(
            sequences ->
                ResponseEntity.accepted()
                    .body(
                        new TranscriptAccepted(
                            callId, sequences.size(), sequences.get(sequences.size() - 1))));
  }
}
