package io.callstream.ingest.segment;

import io.callstream.core.id.Ids;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.OptionalInt;

/**
 * Decides, draft by draft in the order they arrive, which segments of a call are new and which are
 * duplicates, and numbers the revisions of each sequence. Starts from what earlier requests
 * published (read from PostgreSQL) and keeps what this batch adds, so a sequence that comes twice
 * in one batch is judged like one that came in two. Not thread-safe: one per batch.
 *
 * <p>The rules:
 *
 * <ul>
 *   <li>a sequence whose final revision was published takes nothing more: a later final or interim
 *       of it is a duplicate;
 *   <li>otherwise every segment is published: interims one after another, each under a new revision
 *       number, then the final that replaces them;
 *   <li>sequence numbers need not arrive in order; ordering them is downstream's job.
 * </ul>
 */
final class SegmentRevisions {

  private final Map<Long, SequenceState> states;
  private final Map<Long, SequenceState> changed = new LinkedHashMap<>();

  SegmentRevisions(Map<Long, SequenceState> published) {
    this.states = new HashMap<>(published);
  }

  /** The revision {@code draft} would be published as; empty if it is a duplicate. */
  OptionalInt next(SegmentDraft draft) {
    SequenceState state = states.get(draft.sequence());
    if (state == null) {
      return OptionalInt.of(0);
    }
    return state.finalResult() ? OptionalInt.empty() : OptionalInt.of(state.revisions());
  }

  /** Notes that {@code draft} is published as {@code revision}, which {@link #next} gave. */
  void published(SegmentDraft draft, int revision) {
    SequenceState state =
        new SequenceState(draft.sequence(), draft.finalResult(), revision + 1, draft.endMs());
    states.put(draft.sequence(), state);
    changed.put(draft.sequence(), state);
  }

  /** The states this batch changed, to record once its events are in Kafka. */
  Collection<SequenceState> changed() {
    return changed.values();
  }

  /**
   * The event id of a revision: each interim revision has its own, so consumers that drop events by
   * id keep every one; the final's leaves the revision out, because it is the one that stands, and
   * is the id whole transcripts have always had.
   *
   * <p>The id is derived from the revision number, not from the text: a hash of the text would let
   * anyone who reads the topic test guesses of what was said.
   */
  static String eventId(String callId, SegmentDraft draft, int revision) {
    return draft.finalResult()
        ? Ids.deterministic("segment-event", callId, draft.sequence(), true)
        : Ids.deterministic("segment-event", callId, draft.sequence(), false, revision);
  }
}
