package io.callstream.flink.chunk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import io.callstream.core.event.CallStarted;
import io.callstream.core.event.CallstreamEvent;
import io.callstream.core.event.Progress;
import io.callstream.core.event.TranscriptSegment;
import io.callstream.core.id.Ids;
import io.callstream.flink.crypto.CipherSettings;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link Chunker} in a keyed operator harness: where chunks are cut, their context and ids, the
 * call's end, timers and state. A budget of 100 tokens and an overlap of 25 keep the numbers
 * readable; segment texts are really encrypted.
 */
class ChunkerTest {

  private static final ChunkingSettings SETTINGS = ChunkingSettings.defaults().withTokens(100, 25);
  private static final String A = "spk_0";
  private static final String B = "spk_1";

  @TempDir Path keys;

  private CipherSettings cipherSettings;
  private EncryptedCall call;
  private ChunkerHarness harness;

  @BeforeEach
  void setUp() throws Exception {
    cipherSettings = EncryptedCall.cipherSettings(keys);
    call = EncryptedCall.of(cipherSettings.open(), "ws-acme", "call-chunker");
    harness = ChunkerHarness.open(SETTINGS, cipherSettings);
  }

  @AfterEach
  void closeHarness() throws Exception {
    harness.close();
  }

  @Test
  void shouldCutAtTheLastTurnBoundaryWithinTheBudget() throws Exception {
    harness.segments(call.segment(0, A, 30), call.segment(1, A, 30), call.segment(2, B, 30));
    assertThat(harness.chunks()).as("90 tokens: below the budget").isEmpty();

    harness.segments(call.segment(3, A, 30));
    harness.call(call.ended(3L));

    assertThat(harness.chunks())
        .extracting(Chunk::index, ChunkerTest::sequences, Chunk::tokens, Chunk::last)
        .containsExactly(tuple(0, List.of(0L, 1L, 2L), 90, false), tuple(1, List.of(3L), 30, true));
  }

  @Test
  void shouldKeepATurnThatRunsPastTheBudgetWholeUpToOneAndAHalfBudgets() throws Exception {
    harness.segments(
        call.segment(0, A, 40),
        call.segment(1, B, 20),
        call.segment(2, B, 30),
        call.segment(3, B, 30));
    assertThat(harness.chunks()).as("120 tokens, B still speaking").isEmpty();

    harness.segments(call.segment(4, A, 20));

    assertThat(harness.chunks())
        .extracting(ChunkerTest::sequences, Chunk::tokens)
        .containsExactly(tuple(List.of(0L, 1L, 2L, 3L), 120));
  }

  @Test
  void shouldCutAMonologueAtASegmentBoundaryOnceItRunsPastOneAndAHalfBudgets() throws Exception {
    for (long sequence = 0; sequence < 5; sequence++) {
      harness.segments(call.segment(sequence, A, 30));
    }
    assertThat(harness.chunks())
        .as("150 tokens: the turn may still end within 1.5 budgets")
        .isEmpty();

    harness.segments(call.segment(5, A, 30));

    assertThat(harness.chunks())
        .extracting(ChunkerTest::sequences, Chunk::tokens)
        .containsExactly(tuple(List.of(0L, 1L, 2L), 90));
  }

  @Test
  void shouldGiveASegmentLongerThanTheBudgetAChunkOfItsOwn() throws Exception {
    harness.segments(call.segment(0, A, 30), call.segment(1, B, 250), call.segment(2, A, 30));
    harness.call(call.ended(2L));

    assertThat(harness.chunks())
        .extracting(ChunkerTest::sequences, Chunk::tokens, ChunkerTest::contextSequences)
        .containsExactly(
            tuple(List.of(0L), 30, List.of()),
            tuple(List.of(1L), 250, List.of(0L)),
            tuple(List.of(2L), 30, List.of()));
  }

  @Test
  void shouldRepeatThePreviousChunksTailWithinTheOverlapAsContext() throws Exception {
    harness.segments(
        call.segment(0, A, 40),
        call.segment(1, A, 20),
        call.segment(2, B, 15),
        call.segment(3, B, 10),
        call.segment(4, A, 30));
    harness.call(call.ended(4L));

    assertThat(harness.chunks())
        .extracting(ChunkerTest::contextSequences, ChunkerTest::sequences)
        .containsExactly(
            tuple(List.of(), List.of(0L, 1L, 2L, 3L)), tuple(List.of(2L, 3L), List.of(4L)));
    assertThat(harness.chunks().get(1).tokens()).as("context is not counted").isEqualTo(30);
  }

  @Test
  void shouldRepeatAtLeastTheLastSegmentAsContextWhenItAloneExceedsTheOverlap() throws Exception {
    harness.segments(call.segment(0, A, 20), call.segment(1, B, 60), call.segment(2, A, 30));
    harness.call(call.ended(2L));

    assertThat(harness.chunks())
        .extracting(ChunkerTest::contextSequences, ChunkerTest::sequences)
        .containsExactly(tuple(List.of(), List.of(0L, 1L)), tuple(List.of(1L), List.of(2L)));
  }

  @Test
  void shouldCutTheSameChunksWithTheSameIdsWhenTheSameInputIsReplayed() throws Exception {
    List<TranscriptSegment> segments = new ArrayList<>();
    for (int i = 0; i < 12; i++) {
      segments.add(call.segment(i, i % 3 == 0 ? B : A, 15 + 7 * (i % 4)));
    }
    CallstreamEvent ended = call.ended(11L);
    harness.segments(segments);
    harness.call(ended);
    List<Chunk> first = harness.chunks();
    List<Progress> firstProgress = harness.progress();

    try (ChunkerHarness replay = ChunkerHarness.open(SETTINGS, cipherSettings)) {
      replay.segments(segments);
      replay.call(ended);

      assertThat(replay.chunks()).isEqualTo(first);
      assertThat(replay.progress())
          .extracting(Progress::eventId)
          .isEqualTo(firstProgress.stream().map(Progress::eventId).toList());
    }
    assertThat(first).hasSizeGreaterThan(2);
    for (int i = 0; i < first.size(); i++) {
      assertThat(first.get(i).index()).isEqualTo(i);
      assertThat(first.get(i).chunkId()).isEqualTo(Ids.deterministic("chunk", call.callId(), i));
    }
  }

  @Test
  void shouldIgnoreInterimsAndDuplicateSegments() throws Exception {
    TranscriptSegment first = call.segment(0, A, 30);
    TranscriptSegment second = call.segment(1, B, 20);
    harness.segments(
        call.interim(0, A, 25),
        first,
        first,
        second,
        call.interim(2, A, 80),
        call.segment(1, B, 20));
    harness.call(call.ended(1L));

    assertThat(harness.chunks())
        .extracting(ChunkerTest::sequences, Chunk::tokens, Chunk::last)
        .containsExactly(tuple(List.of(0L, 1L), 50, true));
    assertThat(harness.chunks().get(0).segments()).containsExactly(first, second);
  }

  @Test
  void shouldOrderSegmentsBySequenceAndPutALateOneIntoTheNextChunk() throws Exception {
    harness.segments(
        call.segment(3, A, 30),
        call.segment(0, A, 30),
        call.segment(4, B, 30),
        call.segment(2, B, 30));
    harness.segments(call.segment(1, A, 30));
    harness.call(call.ended(4L));

    assertThat(harness.chunks())
        .extracting(ChunkerTest::sequences)
        .containsExactly(List.of(0L, 2L, 3L), List.of(1L, 4L));
  }

  @Test
  void shouldEmitOneEmptyLastChunkForACallWithoutSegments() throws Exception {
    harness.call(call.started(CallStarted.Source.UPLOAD));
    harness.call(call.ended(null));

    assertThat(harness.chunks())
        .containsExactly(
            new Chunk(
                call.workspaceId(),
                call.callId(),
                Ids.deterministic("chunk", call.callId(), 0),
                0,
                List.of(),
                List.of(),
                0,
                true));
    assertThat(harness.progress())
        .extracting(Progress::stage, Progress::done, Progress::total)
        .containsExactly(tuple(Progress.Stage.CHUNKED, 1L, 1L));
    assertThat(harness.stateEntries()).as("the finished marker").isEqualTo(1);
    assertThat(harness.timers()).isZero();
  }

  @Test
  void shouldWaitForTheLastSegmentNamedByCallEnded() throws Exception {
    harness.segments(call.segment(0, A, 10), call.segment(1, B, 10));
    harness.call(call.ended(2L));
    assertThat(harness.chunks()).isEmpty();
    assertThat(harness.timers()).as("end grace and abandonment").isEqualTo(2);

    harness.advance(Duration.ofSeconds(10));
    harness.segments(call.segment(2, A, 10));

    assertThat(harness.chunks())
        .extracting(ChunkerTest::sequences, Chunk::last)
        .containsExactly(tuple(List.of(0L, 1L, 2L), true));
    assertThat(harness.timers()).isZero();
    assertThat(harness.stateEntries()).isEqualTo(1);
  }

  @Test
  void shouldFinishWithWhatThereIsWhenTheEndGraceRunsOut() throws Exception {
    harness.segments(call.segment(0, A, 10), call.segment(1, B, 10));
    harness.call(call.ended(2L));

    harness.advance(Duration.ofSeconds(29));
    assertThat(harness.chunks()).as("within the grace, past the idle gap").isEmpty();
    harness.advance(Duration.ofSeconds(1));
    harness.segments(call.segment(2, A, 10));
    harness.call(call.ended(2L));

    assertThat(harness.chunks())
        .extracting(ChunkerTest::sequences, Chunk::last)
        .containsExactly(tuple(List.of(0L, 1L), true));
    assertThat(harness.timers()).isZero();
    assertThat(harness.stateEntries()).isEqualTo(1);
  }

  @Test
  void shouldCutWhatIsBufferedAfterAnIdleGapInALiveCall() throws Exception {
    harness.call(call.started(CallStarted.Source.LIVE));
    harness.segments(call.segment(0, A, 10), call.segment(1, B, 10));
    harness.advance(Duration.ofSeconds(19));
    harness.segments(call.segment(2, A, 10));
    harness.advance(Duration.ofSeconds(19));
    assertThat(harness.chunks()).as("each segment moves the idle timer").isEmpty();

    harness.advance(Duration.ofSeconds(1));
    assertThat(harness.chunks())
        .extracting(ChunkerTest::sequences, Chunk::last)
        .containsExactly(tuple(List.of(0L, 1L, 2L), false));
    assertThat(harness.timers()).as("nothing buffered, no idle timer").isEqualTo(1);

    harness.segments(call.segment(3, B, 10));
    harness.call(call.ended(3L));
    assertThat(harness.chunks().get(1))
        .extracting(ChunkerTest::contextSequences, ChunkerTest::sequences, Chunk::last)
        .containsExactly(List.of(1L, 2L), List.of(3L), true);
  }

  @Test
  void shouldCutWhenIdleWhileTheSourceIsNotKnownYet() throws Exception {
    harness.segments(call.segment(0, A, 10));
    harness.advance(Duration.ofSeconds(20));

    assertThat(harness.chunks()).extracting(ChunkerTest::sequences).containsExactly(List.of(0L));
  }

  @Test
  void shouldNotPutTheIdleCutOffWhenCallStartedArrivesLate() throws Exception {
    harness.segments(call.segment(0, A, 10));
    harness.advance(Duration.ofSeconds(10));
    harness.call(call.started(CallStarted.Source.LIVE));

    harness.advance(Duration.ofSeconds(10));

    assertThat(harness.chunks()).extracting(ChunkerTest::sequences).containsExactly(List.of(0L));
  }

  @Test
  void shouldNotCutWhenIdleInAnUploadedCall() throws Exception {
    harness.segments(call.segment(0, A, 10), call.segment(1, B, 10));
    harness.call(call.started(CallStarted.Source.UPLOAD));

    harness.advance(Duration.ofHours(1));

    assertThat(harness.chunks()).isEmpty();
    assertThat(harness.timers()).as("abandonment only").isEqualTo(1);
  }

  @Test
  void shouldFinishACallWithoutInputForTheAbandonTimeAsEnded() throws Exception {
    harness.call(call.started(CallStarted.Source.UPLOAD));
    harness.segments(call.segment(0, A, 10));
    harness.advance(Duration.ofHours(5));
    harness.segments(call.segment(1, B, 10));
    harness.advance(Duration.ofHours(5));
    assertThat(harness.chunks()).as("5 hours since the last segment").isEmpty();

    harness.advance(Duration.ofHours(1));

    assertThat(harness.chunks())
        .extracting(ChunkerTest::sequences, Chunk::last)
        .containsExactly(tuple(List.of(0L, 1L), true));
    assertThat(harness.stateEntries()).isEqualTo(1);
    assertThat(harness.timers()).isZero();
  }

  @Test
  void shouldKeepOnlyTheFinishedMarkerAfterTheCallEnds() throws Exception {
    for (int i = 0; i < 10; i++) {
      harness.segments(call.segment(i, i % 2 == 0 ? A : B, 30));
    }
    assertThat(harness.stateEntries()).isGreaterThan(1);
    harness.call(call.ended(9L));
    int chunks = harness.chunks().size();
    assertThat(harness.stateEntries()).isEqualTo(1);
    assertThat(harness.timers()).isZero();

    harness.segments(call.segment(10, A, 30), call.segment(3, B, 30));
    harness.call(call.started(CallStarted.Source.LIVE));
    harness.call(call.ended(10L));
    harness.advance(Duration.ofHours(7));

    assertThat(harness.chunks()).as("no second run").hasSize(chunks);
    assertThat(harness.chunks()).filteredOn(Chunk::last).hasSize(1);
    assertThat(harness.stateEntries()).isEqualTo(1);
    assertThat(harness.timers()).isZero();
  }

  @Test
  void shouldForgetAFinishedCallAfterTheMarkersTimeToLive() throws Exception {
    harness.call(call.ended(null));

    harness.ageState(Chunker.FINISHED_MARKER_TTL.minusMinutes(1));
    harness.segments(call.segment(0, A, 10));
    assertThat(harness.stateEntries()).as("still finished").isEqualTo(1);

    harness.ageState(Chunker.FINISHED_MARKER_TTL.plusMinutes(1));
    harness.segments(call.segment(0, A, 10));
    assertThat(harness.stateEntries()).as("a new run").isGreaterThan(1);
  }

  @Test
  void shouldDropEverythingOfADeletedCall() throws Exception {
    harness.segments(call.segment(0, A, 30), call.segment(1, B, 30), call.segment(2, A, 30));

    harness.call(call.deleted());
    harness.segments(call.segment(3, B, 30));
    harness.call(call.ended(3L));

    assertThat(harness.chunks()).isEmpty();
    assertThat(harness.progress())
        .as("only the segments received before the deletion")
        .extracting(Progress::stage, Progress::done)
        .containsExactly(
            tuple(Progress.Stage.RECEIVED, 1L),
            tuple(Progress.Stage.RECEIVED, 2L),
            tuple(Progress.Stage.RECEIVED, 3L));
    assertThat(harness.stateEntries()).as("the finished marker").isEqualTo(1);
    assertThat(harness.timers()).isZero();
  }

  @Test
  void shouldReportEachDistinctFinalSegmentAsReceived() throws Exception {
    harness.segments(
        call.segment(0, A, 30),
        call.segment(1, A, 30),
        call.segment(1, A, 30),
        call.segment(2, B, 30));

    assertThat(harness.progress())
        .extracting(Progress::eventId, Progress::stage, Progress::done, Progress::total)
        .containsExactly(
            tuple(
                Ids.deterministic("progress", call.callId(), "RECEIVED", 1L),
                Progress.Stage.RECEIVED,
                1L,
                1L),
            tuple(
                Ids.deterministic("progress", call.callId(), "RECEIVED", 2L),
                Progress.Stage.RECEIVED,
                2L,
                2L),
            tuple(
                Ids.deterministic("progress", call.callId(), "RECEIVED", 3L),
                Progress.Stage.RECEIVED,
                3L,
                3L));
  }

  @Test
  void shouldReportChunkedProgressWithIdsFromCallAndCount() throws Exception {
    harness.segments(
        call.segment(0, A, 30),
        call.segment(1, A, 30),
        call.segment(2, B, 30),
        call.segment(3, A, 30));
    harness.call(call.ended(3L));

    assertThat(harness.progress())
        .filteredOn(progress -> progress.stage() == Progress.Stage.CHUNKED)
        .extracting(
            Progress::eventId,
            Progress::workspaceId,
            Progress::stage,
            Progress::done,
            Progress::total)
        .containsExactly(
            tuple(
                Ids.deterministic("progress", call.callId(), "CHUNKED", 1L),
                call.workspaceId(),
                Progress.Stage.CHUNKED,
                1L,
                2L),
            tuple(
                Ids.deterministic("progress", call.callId(), "CHUNKED", 2L),
                call.workspaceId(),
                Progress.Stage.CHUNKED,
                2L,
                2L));
  }

  @Test
  void shouldCountASegmentThatCannotBeDecryptedByItsLength() throws Exception {
    harness.segments(call.undecryptable(0, A, 400), call.segment(1, B, 10));
    harness.call(call.ended(1L));

    assertThat(harness.chunks())
        .extracting(ChunkerTest::sequences, Chunk::tokens)
        .containsExactly(tuple(List.of(0L), 100), tuple(List.of(1L), 10));
  }

  @Test
  void shouldChunkEachCallOnItsOwn() throws Exception {
    EncryptedCall other = EncryptedCall.of(cipherSettings.open(), "ws-globex", "call-other");
    harness.segments(
        call.segment(0, A, 60),
        other.segment(0, A, 60),
        call.segment(1, B, 60),
        other.segment(1, B, 10));
    harness.call(other.ended(1L));

    assertThat(harness.chunks())
        .extracting(
            Chunk::callId, Chunk::workspaceId, Chunk::index, ChunkerTest::sequences, Chunk::last)
        .containsExactly(
            tuple(call.callId(), call.workspaceId(), 0, List.of(0L), false),
            tuple(other.callId(), other.workspaceId(), 0, List.of(0L, 1L), true));
  }

  @Test
  void shouldCutAfterRestoreTheChunksAnUninterruptedRunCuts() throws Exception {
    List<TranscriptSegment> segments = new ArrayList<>();
    for (int i = 0; i < 16; i++) {
      segments.add(call.segment(i, i % 3 == 0 ? A : B, 20 + 5 * (i % 5)));
    }
    harness.segments(segments);
    harness.call(call.ended(15L));
    List<Chunk> uninterrupted = harness.chunks();

    // Fail after a checkpoint taken behind the eighth segment: the restored operator gets the
    // segments after it again.
    List<Chunk> beforeFailure;
    OperatorSubtaskState checkpoint;
    try (ChunkerHarness failing = ChunkerHarness.open(SETTINGS, cipherSettings)) {
      failing.segments(segments.subList(0, 8));
      checkpoint = failing.snapshot(1L);
      beforeFailure = failing.chunks();
      failing.segments(segments.subList(8, 10));
    }
    try (ChunkerHarness restored = ChunkerHarness.restore(SETTINGS, cipherSettings, checkpoint)) {
      restored.segments(segments.subList(8, 16));
      restored.call(call.ended(15L));

      assertThat(beforeFailure).isNotEmpty();
      assertThat(restored.chunks())
          .isNotEmpty()
          .isEqualTo(uninterrupted.subList(beforeFailure.size(), uninterrupted.size()));
    }
  }

  private static List<Long> sequences(Chunk chunk) {
    return chunk.segments().stream().map(TranscriptSegment::sequence).toList();
  }

  private static List<Long> contextSequences(Chunk chunk) {
    return chunk.context().stream().map(TranscriptSegment::sequence).toList();
  }
}
