package io.callstream.ingest.segment;

import io.callstream.core.crypto.Field;
import io.callstream.core.crypto.FieldCipher;
import io.callstream.core.event.Ciphertext;
import io.callstream.core.event.TranscriptSegment;
import io.callstream.core.id.Ids;
import io.callstream.ingest.call.CallEndedException;
import io.callstream.ingest.call.CallNotFoundException;
import io.callstream.ingest.call.CallStatus;
import io.callstream.ingest.kafka.EventPublisher;
import io.callstream.ingest.limits.IngestLimits;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpStatus;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * Validates segments of one call, drops duplicates, encrypts their text for the call's workspace
 * and publishes them in the order given. The returned {@code Mono} completes once Kafka has
 * acknowledged every one. Thread-safe.
 *
 * <p>Every way segments arrive (whole transcripts, the live WebSocket, streamed uploads) comes
 * through here, so the same rules hold for all:
 *
 * <ul>
 *   <li>a call that does not exist in the workspace answers {@link CallNotFoundException}; an ended
 *       call answers {@link CallEndedException};
 *   <li>a sequence already accepted as final is a duplicate: acknowledged, not published again;
 *   <li>interims of a sequence are each published, under their own event id, until its final (see
 *       {@link SegmentRevisions});
 *   <li>sequence numbers may arrive in any order;
 *   <li>a segment beyond a limit of {@link IngestLimits} is turned away (422), like an invalid one;
 *   <li>when the call was created with participants, a segment whose speaker (no speaker counts as
 *       {@code unknown}) is not one of them is turned away (422, {@link UnknownSpeakerException});
 *       names match ignoring case and surrounding space, so "ana " is Ana.
 * </ul>
 *
 * <p>What was published is recorded in PostgreSQL only after Kafka acknowledged it, so a failed
 * publish never turns the client's retry away as a duplicate. If the process fails between the two,
 * the retry publishes again under the same event id, which consumers drop. Two instances that take
 * the same sequence at the same moment may both publish it; for a final, the id is the same.
 *
 * <p>The ended check is made when a batch starts: a batch that was being accepted while its call
 * ended still gets in.
 */
public final class SegmentIntake {

  private final SegmentLedger ledger;
  private final FieldCipher cipher;
  private final EventPublisher events;
  private final IngestLimits limits;

  public SegmentIntake(
      SegmentLedger ledger, FieldCipher cipher, EventPublisher events, IngestLimits limits) {
    this.ledger = Objects.requireNonNull(ledger, "ledger must not be null");
    this.cipher = Objects.requireNonNull(cipher, "cipher must not be null");
    this.events = Objects.requireNonNull(events, "events must not be null");
    this.limits = Objects.requireNonNull(limits, "limits must not be null");
  }

  /**
   * Accepts all the segments or none: one invalid segment fails the whole request with an {@link
   * InvalidSegmentException} (one beyond a limit with a {@code LimitExceededException}, one with a
   * speaker outside the call's participants with an {@link UnknownSpeakerException}) that names it
   * as {@code segments[i]}, and nothing is published. Answers the sequence numbers now durably in
   * Kafka, duplicates included, in the order given.
   */
  public Mono<List<Long>> accept(String workspaceId, String callId, List<SegmentDraft> drafts) {
    return intake(workspaceId, callId, drafts, true)
        .map(outcomes -> outcomes.stream().map(SegmentOutcome::sequence).toList());
  }

  /**
   * Accepts each valid segment and rejects each invalid one on its own. Answers one outcome per
   * draft, in the order given. Fails as a whole only when the call does not exist, has ended, or
   * Kafka or PostgreSQL fail.
   */
  public Mono<List<SegmentOutcome>> acceptEach(
      String workspaceId, String callId, List<SegmentDraft> drafts) {
    return intake(workspaceId, callId, drafts, false);
  }

  private Mono<List<SegmentOutcome>> intake(
      String workspaceId, String callId, List<SegmentDraft> drafts, boolean allOrNothing) {
    Objects.requireNonNull(workspaceId, "workspaceId must not be null");
    Objects.requireNonNull(callId, "callId must not be null");
    List<SegmentDraft> batch =
        List.copyOf(Objects.requireNonNull(drafts, "drafts must not be null"));
    Set<Long> sequences =
        batch.stream().map(SegmentDraft::sequence).collect(Collectors.toUnmodifiableSet());
    return ledger
        .lookup(workspaceId, callId, sequences)
        .switchIfEmpty(Mono.error(() -> new CallNotFoundException(callId)))
        .flatMap(
            call -> {
              if (call.status() == CallStatus.ENDED) {
                return Mono.error(new CallEndedException(callId));
              }
              // Encryption may read the workspace keyset from disk on first use: not on Netty.
              return Mono.fromCallable(
                      () ->
                          plan(
                              workspaceId,
                              callId,
                              new SegmentRevisions(call.published()),
                              Speakers.of(call.participants()),
                              batch,
                              allOrNothing))
                  .subscribeOn(Schedulers.boundedElastic());
            })
        .flatMap(plan -> publishThenRecord(workspaceId, callId, plan));
  }

  private Mono<List<SegmentOutcome>> publishThenRecord(
      String workspaceId, String callId, Plan plan) {
    if (plan.events().isEmpty()) {
      return Mono.just(plan.outcomes());
    }
    return events
        .publishAll(plan.events())
        .then(ledger.record(workspaceId, callId, plan.changed()))
        .thenReturn(plan.outcomes());
  }

  private Plan plan(
      String workspaceId,
      String callId,
      SegmentRevisions revisions,
      Speakers speakers,
      List<SegmentDraft> drafts,
      boolean allOrNothing) {
    List<TranscriptSegment> segments = new ArrayList<>(drafts.size());
    List<SegmentOutcome> outcomes = new ArrayList<>(drafts.size());
    for (int index = 0; index < drafts.size(); index++) {
      SegmentDraft draft = drafts.get(index);
      String speaker = speaker(draft);
      if (!speakers.admits(speaker)) {
        if (allOrNothing) {
          throw new UnknownSpeakerException(index, speaker, speakers.participants());
        }
        outcomes.add(
            new SegmentOutcome.Rejected(
                draft.sequence(),
                "speaker",
                UnknownSpeakerException.reason(speaker, speakers.participants()),
                HttpStatus.UNPROCESSABLE_CONTENT));
        continue;
      }
      // Limits (callstream.ingest.limits.*): a 422 for the request, or this segment rejected.
      Optional<IngestLimits.Violation> beyond = limits.checkSegment(draft.sequence(), draft.text());
      if (beyond.isPresent()) {
        if (allOrNothing) {
          throw beyond.get().at("segments[" + index + "]");
        }
        outcomes.add(
            new SegmentOutcome.Rejected(
                draft.sequence(),
                beyond.get().field(),
                beyond.get().detail(),
                HttpStatus.UNPROCESSABLE_CONTENT));
        continue;
      }
      OptionalInt revision = revisions.next(draft);
      if (revision.isEmpty()) {
        outcomes.add(new SegmentOutcome.Accepted(draft.sequence(), true));
        continue;
      }
      try {
        segments.add(event(workspaceId, callId, draft, revision.getAsInt()));
        revisions.published(draft, revision.getAsInt());
        outcomes.add(new SegmentOutcome.Accepted(draft.sequence(), false));
      } catch (Invalid invalid) {
        if (allOrNothing) {
          String where = "segments[" + index + "]";
          throw new InvalidSegmentException(
              invalid.field == null
                  ? where + ": " + invalid.getMessage()
                  : where + "." + invalid.getMessage());
        }
        outcomes.add(
            new SegmentOutcome.Rejected(draft.sequence(), invalid.field, invalid.getMessage()));
      }
    }
    return new Plan(segments, revisions.changed(), outcomes);
  }

  private TranscriptSegment event(
      String workspaceId, String callId, SegmentDraft draft, int revision) {
    if (draft.text() == null || draft.text().isBlank()) {
      throw new Invalid("text", "text must not be blank");
    }
    // The speaker travels in plaintext to stores that cannot hold NUL (PostgreSQL text, jsonb).
    if (draft.speaker() != null && draft.speaker().indexOf('\0') >= 0) {
      throw new Invalid("speaker", "speaker must not contain NUL characters");
    }
    try {
      return new TranscriptSegment(
          SegmentRevisions.eventId(callId, draft, revision),
          workspaceId,
          callId,
          Instant.now(),
          Ids.deterministic("segment", callId, draft.sequence()),
          draft.sequence(),
          speaker(draft),
          draft.startMs(),
          draft.endMs(),
          Ciphertext.of(
              cipher.encryptText(workspaceId, callId, Field.TRANSCRIPT_TEXT, draft.text())),
          draft.finalResult());
    } catch (IllegalArgumentException e) {
      throw new Invalid(null, e.getMessage());
    }
  }

  /** The speaker as published: {@code unknown} when the draft names none. */
  private static String speaker(SegmentDraft draft) {
    return draft.speaker() == null ? "unknown" : draft.speaker();
  }

  /** Who may speak in a call: anyone when it has no participant list. */
  private record Speakers(List<String> participants, Set<String> folded) {

    static Speakers of(List<String> participants) {
      return new Speakers(
          List.copyOf(participants),
          participants.stream().map(Speakers::fold).collect(Collectors.toUnmodifiableSet()));
    }

    boolean admits(String speaker) {
      return folded.isEmpty() || folded.contains(fold(speaker));
    }

    /** Speakers match participants ignoring case and surrounding space: "ana " is Ana. */
    private static String fold(String name) {
      return name.strip().toLowerCase(Locale.ROOT);
    }
  }

  /** What one batch publishes, records and answers. */
  private record Plan(
      List<TranscriptSegment> events,
      Collection<SequenceState> changed,
      List<SegmentOutcome> outcomes) {}

  /** A draft that cannot become a segment; the message starts with the field when there is one. */
  private static final class Invalid extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final @Nullable String field;

    Invalid(@Nullable String field, String message) {
      super(message, null, false, false);
      this.field = field;
    }
  }
}
