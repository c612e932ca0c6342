package io.callstream.ingest.segment;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;

class SegmentRevisionsTest {

  private static final String CALL = "0198c0de-0000-7000-8000-000000000001";

  @Test
  void shouldPublishFirstRevisionOfNewSequenceAsRevisionZero() {
    SegmentRevisions revisions = new SegmentRevisions(Map.of());

    assertThat(revisions.next(interim(4, "Hel"))).hasValue(0);
    assertThat(revisions.next(finalSegment(4, "Hello."))).hasValue(0);
  }

  @Test
  void shouldTreatFinalOfSequenceAcceptedAsFinalBeforeAsDuplicate() {
    SegmentRevisions revisions =
        new SegmentRevisions(Map.of(4L, new SequenceState(4, true, 1, 1_000)));

    assertThat(revisions.next(finalSegment(4, "Hello."))).isEmpty();
    assertThat(revisions.next(finalSegment(4, "Hello, with a different text."))).isEmpty();
  }

  @Test
  void shouldTreatInterimAfterFinalAsDuplicate() {
    SegmentRevisions revisions =
        new SegmentRevisions(Map.of(4L, new SequenceState(4, true, 3, 1_000)));

    assertThat(revisions.next(interim(4, "Hel"))).isEmpty();
  }

  @Test
  void shouldNumberInterimsThenFinalOfOneSequenceInOrder() {
    SegmentRevisions revisions = new SegmentRevisions(Map.of());

    List<SegmentDraft> drafts =
        List.of(interim(7, "We"), interim(7, "We should"), finalSegment(7, "We should ship."));
    int[] numbers = new int[drafts.size()];
    for (int i = 0; i < drafts.size(); i++) {
      numbers[i] = revisions.next(drafts.get(i)).orElseThrow();
      revisions.published(drafts.get(i), numbers[i]);
    }

    assertThat(numbers).containsExactly(0, 1, 2);
    assertThat(revisions.next(finalSegment(7, "We should ship."))).isEmpty();
    assertThat(revisions.changed())
        .containsExactly(new SequenceState(7, true, 3, drafts.get(2).endMs()));
  }

  @Test
  void shouldContinueRevisionNumbersFromWhatEarlierRequestsPublished() {
    SegmentRevisions revisions =
        new SegmentRevisions(Map.of(2L, new SequenceState(2, false, 2, 900)));

    assertThat(revisions.next(interim(2, "So the budget"))).hasValue(2);
  }

  @Test
  void shouldAcceptSequencesInAnyOrder() {
    SegmentRevisions revisions = new SegmentRevisions(Map.of());

    for (long sequence : new long[] {5, 0, 3, 1}) {
      SegmentDraft draft = finalSegment(sequence, "Segment " + sequence);
      OptionalInt next = revisions.next(draft);
      assertThat(next).hasValue(0);
      revisions.published(draft, next.getAsInt());
    }

    assertThat(revisions.changed())
        .extracting(SequenceState::sequence)
        .containsExactly(5L, 0L, 3L, 1L);
  }

  @Test
  void shouldGiveEachInterimRevisionItsOwnEventIdAndTheFinalAStableOne() {
    String first = SegmentRevisions.eventId(CALL, interim(3, "a"), 0);
    String second = SegmentRevisions.eventId(CALL, interim(3, "a"), 1);
    String finalId = SegmentRevisions.eventId(CALL, finalSegment(3, "a"), 2);

    assertThat(List.of(first, second, finalId)).doesNotHaveDuplicates();
    assertThat(SegmentRevisions.eventId(CALL, finalSegment(3, "another text"), 0))
        .as("a retried final keeps its id, so consumers drop the repetition")
        .isEqualTo(finalId);
    assertThat(SegmentRevisions.eventId(CALL, interim(3, "other words"), 1))
        .as("the id does not depend on the text")
        .isEqualTo(second);
  }

  private static SegmentDraft interim(long sequence, String text) {
    return new SegmentDraft(sequence, "Ana", sequence * 1_000, sequence * 1_000 + 800, text, false);
  }

  private static SegmentDraft finalSegment(long sequence, String text) {
    return new SegmentDraft(sequence, "Ana", sequence * 1_000, sequence * 1_000 + 900, text, true);
  }
}
