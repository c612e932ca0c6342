package io.callstream.ingest.transcript;

import io.callstream.core.crypto.Field;
import io.callstream.core.crypto.FieldCipher;
import io.callstream.core.event.Ciphertext;
import io.callstream.core.event.TranscriptSegment;
import io.callstream.core.id.Ids;
import io.callstream.ingest.call.CallRepository;
import io.callstream.ingest.kafka.EventPublisher;
import java.time.Instant;
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
import reactor.core.scheduler.Schedulers;

/**
 * Accepts a whole transcript as JSON segments, encrypts each text for its workspace and call, and
 * publishes the segments in order.
 */
@RestController
public class TranscriptController {

  private final CallRepository calls;
  private final FieldCipher cipher;
  private final EventPublisher events;

  public TranscriptController(CallRepository calls, FieldCipher cipher, EventPublisher events) {
    this.calls = calls;
    this.cipher = cipher;
    this.events = events;
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
    return calls
        .exists(workspaceId, callId)
        .flatMap(
            exists -> {
              if (!exists) {
                return Mono.error(
                    new ResponseStatusException(
                        HttpStatus.NOT_FOUND, "no call " + callId + " in this workspace"));
              }
              // Encryption may read the workspace keyset from disk on first use: not on Netty.
              return Mono.fromCallable(() -> segments(workspaceId, callId, inputs))
                  .subscribeOn(Schedulers.boundedElastic());
            })
        .flatMap(
            segments ->
                events
                    .publishAll(segments)
                    .thenReturn(
                        ResponseEntity.accepted()
                            .body(
                                new TranscriptAccepted(
                                    callId, segments.size(), segments.size() - 1L))));
  }

  private List<TranscriptSegment> segments(
      String workspaceId, String callId, List<SegmentInput> inputs) {
    List<TranscriptSegment> segments = new ArrayList<>(inputs.size());
    for (int sequence = 0; sequence < inputs.size(); sequence++) {
      SegmentInput input = inputs.get(sequence);
      if (input == null) {
        throw new ResponseStatusException(
            HttpStatus.BAD_REQUEST, "segments[" + sequence + "] must not be null");
      }
      if (input.text() == null || input.text().isBlank()) {
        throw new ResponseStatusException(
            HttpStatus.BAD_REQUEST, "segments[" + sequence + "].text must not be blank");
      }
      // The speaker travels in plaintext to stores that cannot hold NUL (PostgreSQL text, jsonb).
      if (input.speaker() != null && input.speaker().indexOf('\0') >= 0) {
        throw new ResponseStatusException(
            HttpStatus.BAD_REQUEST,
            "segments[" + sequence + "].speaker must not contain NUL characters");
      }
      try {
        segments.add(
            new TranscriptSegment(
                Ids.deterministic("segment-event", callId, sequence),
                workspaceId,
                callId,
                Instant.now(),
                Ids.deterministic("segment", callId, sequence),
                sequence,
                input.speaker() == null ? "unknown" : input.speaker(),
                input.startMs(),
                input.endMs(),
                Ciphertext.of(
                    cipher.encryptText(workspaceId, callId, Field.TRANSCRIPT_TEXT, input.text())),
                true));
      } catch (IllegalArgumentException e) {
        throw new ResponseStatusException(
            HttpStatus.BAD_REQUEST, "segments[" + sequence + "]: " + e.getMessage(), e);
      }
    }
    return segments;
  }
}
