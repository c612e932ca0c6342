package io.callstream.ingest.segment;

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
import org.springframework.web.server.ResponseStatusException;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * Validates segments of one call, encrypts their text for the call's workspace and publishes them
 * in the order given. The returned {@code Mono} completes once Kafka has acknowledged every one.
 * Thread-safe.
 */
public final class SegmentIntake {

  private final CallRepository calls;
  private final FieldCipher cipher;
  private final EventPublisher events;

  public SegmentIntake(CallRepository calls, FieldCipher cipher, EventPublisher events) {
    this.calls = calls;
    this.cipher = cipher;
    this.events = events;
  }

  /** Accepts the segments; answers the sequence numbers now durably in Kafka. */
  public Mono<List<Long>> accept(String workspaceId, String callId, List<SegmentDraft> drafts) {
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
              return Mono.fromCallable(() -> events(workspaceId, callId, drafts))
                  .subscribeOn(Schedulers.boundedElastic());
            })
        .flatMap(
            segments ->
                events
                    .publishAll(segments)
                    .thenReturn(segments.stream().map(TranscriptSegment::sequence).toList()));
  }

  private List<TranscriptSegment> events(
      String workspaceId, String callId, List<SegmentDraft> drafts) {
    List<TranscriptSegment> segments = new ArrayList<>(drafts.size());
    for (int index = 0; index < drafts.size(); index++) {
      SegmentDraft draft = drafts.get(index);
      String where = "segments[" + index + "]";
      if (draft.text() == null || draft.text().isBlank()) {
        throw new InvalidSegmentException(where + ".text must not be blank");
      }
      // The speaker travels in plaintext to stores that cannot hold NUL (PostgreSQL text, jsonb).
      if (draft.speaker() != null && draft.speaker().indexOf('\0') >= 0) {
        throw new InvalidSegmentException(where + ".speaker must not contain NUL characters");
      }
      try {
        segments.add(
            new TranscriptSegment(
                Ids.deterministic("segment-event", callId, draft.sequence(), draft.finalResult()),
                workspaceId,
                callId,
                Instant.now(),
                Ids.deterministic("segment", callId, draft.sequence()),
                draft.sequence(),
                draft.speaker() == null ? "unknown" : draft.speaker(),
                draft.startMs(),
                draft.endMs(),
                Ciphertext.of(
                    cipher.encryptText(workspaceId, callId, Field.TRANSCRIPT_TEXT, draft.text())),
                draft.finalResult()));
      } catch (IllegalArgumentException e) {
        throw new InvalidSegmentException(where + ": " + e.getMessage());
      }
    }
    return segments;
  }
}
