package io.callstream.flink.progress;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import io.callstream.core.event.EventFixtures;
import io.callstream.core.event.Progress;
import io.callstream.core.event.TranscriptSegment;
import io.callstream.core.id.Ids;
import java.util.List;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.api.java.functions.KeySelector;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.streaming.api.operators.KeyedProcessOperator;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** {@link ReceivedSegmentCounter} in a keyed operator harness: state, timers and output. */
class ReceivedSegmentCounterTest {

  private static final EventFixtures.Call FIRST = EventFixtures.call("ws-acme", "call-first");
  private static final EventFixtures.Call SECOND = EventFixtures.call("ws-globex", "call-second");

  private KeyedOneInputStreamOperatorTestHarness<String, TranscriptSegment, Progress> harness;

  @AfterEach
  void closeHarness() throws Exception {
    if (harness != null) {
      harness.close();
    }
  }

  @Test
  void shouldCountSegmentsPerCallSeparately() throws Exception {
    harness = openHarness();

    receive(harness, segment(FIRST, 0), segment(FIRST, 1), segment(SECOND, 0), segment(FIRST, 2));

    assertThat(harness.extractOutputValues())
        .extracting(Progress::callId, Progress::done)
        .containsExactly(
            tuple(FIRST.callId(), 1L),
            tuple(FIRST.callId(), 2L),
            tuple(SECOND.callId(), 1L),
            tuple(FIRST.callId(), 3L));
    assertThat(harness.numKeyedStateEntries()).as("one count per call").isEqualTo(2);
  }

  @Test
  void shouldReportReceivedStageWithDoneEqualToTotal() throws Exception {
    harness = openHarness();

    receive(harness, segment(FIRST, 0), segment(FIRST, 1));

    List<Progress> progress = harness.extractOutputValues();
    assertThat(progress).hasSize(2);
    for (int i = 0; i < progress.size(); i++) {
      Progress p = progress.get(i);
      long count = i + 1;
      assertThat(p.stage()).isEqualTo(Progress.Stage.RECEIVED);
      assertThat(p.done()).isEqualTo(count);
      assertThat(p.total()).isEqualTo(count);
      assertThat(p.workspaceId()).isEqualTo(FIRST.workspaceId());
      assertThat(p.callId()).isEqualTo(FIRST.callId());
      assertThat(p.etaMs()).isNull();
    }
  }

  @Test
  void shouldSetNoTimers() throws Exception {
    harness = openHarness();

    receive(harness, segment(FIRST, 0), segment(SECOND, 0));

    assertThat(harness.numProcessingTimeTimers()).isZero();
    assertThat(harness.numEventTimeTimers()).isZero();
  }

  @Test
  void shouldDeriveProgressIdsFromCallAndCount() throws Exception {
    // Consumers drop progress they have seen by id, across restarts and deployments: the formula
    // is a contract, so a change to it must be deliberate.
    harness = openHarness();

    receive(harness, segment(FIRST, 0), segment(FIRST, 1), segment(SECOND, 0));

    assertThat(harness.extractOutputValues())
        .extracting(Progress::eventId)
        .containsExactly(
            Ids.deterministic("progress", FIRST.callId(), "RECEIVED", 1L),
            Ids.deterministic("progress", FIRST.callId(), "RECEIVED", 2L),
            Ids.deterministic("progress", SECOND.callId(), "RECEIVED", 1L))
        .doesNotHaveDuplicates();
  }

  @Test
  void shouldEmitTheSameProgressIdsWhenTheSameSegmentsAreReplayed() throws Exception {
    List<TranscriptSegment> segments =
        List.of(segment(FIRST, 0), segment(SECOND, 0), segment(FIRST, 1), segment(FIRST, 2));
    List<String> firstRun = progressIds(segments);

    List<String> replay = progressIds(segments);

    assertThat(replay).isEqualTo(firstRun).hasSize(4).doesNotHaveDuplicates();
  }

  @Test
  void shouldKeepCountsAcrossSnapshotAndRestore() throws Exception {
    harness = openHarness();
    receive(harness, segment(FIRST, 0), segment(FIRST, 1), segment(SECOND, 0));
    OperatorSubtaskState snapshot = harness.snapshot(1L, 1L);
    harness.close();

    harness = newHarness();
    harness.initializeState(snapshot);
    harness.open();
    receive(harness, segment(FIRST, 2), segment(SECOND, 1));

    assertThat(harness.extractOutputValues())
        .extracting(Progress::callId, Progress::done, Progress::total)
        .containsExactly(tuple(FIRST.callId(), 3L, 3L), tuple(SECOND.callId(), 2L, 2L));
  }

  @Test
  void shouldEmitAfterRestoreTheIdsAnUninterruptedRunEmits() throws Exception {
    List<TranscriptSegment> segments =
        List.of(segment(FIRST, 0), segment(FIRST, 1), segment(FIRST, 2), segment(FIRST, 3));
    List<String> uninterrupted = progressIds(segments);

    // Fail after a checkpoint taken behind the second segment: the restored operator replays the
    // segments after it.
    harness = openHarness();
    receive(harness, segments.get(0), segments.get(1));
    OperatorSubtaskState checkpoint = harness.snapshot(1L, 1L);
    receive(harness, segments.get(2));
    harness.close();
    harness = newHarness();
    harness.initializeState(checkpoint);
    harness.open();
    receive(harness, segments.get(2), segments.get(3));

    assertThat(harness.extractOutputValues())
        .extracting(Progress::eventId)
        .containsExactlyElementsOf(uninterrupted.subList(2, 4));
  }

  private static List<String> progressIds(List<TranscriptSegment> segments) throws Exception {
    var fresh = openHarness();
    try {
      receive(fresh, segments.toArray(TranscriptSegment[]::new));
      return fresh.extractOutputValues().stream().map(Progress::eventId).toList();
    } finally {
      fresh.close();
    }
  }

  private static KeyedOneInputStreamOperatorTestHarness<String, TranscriptSegment, Progress>
      newHarness() throws Exception {
    return new KeyedOneInputStreamOperatorTestHarness<>(
        new KeyedProcessOperator<>(new ReceivedSegmentCounter()), new ByCall(), Types.STRING);
  }

  private static KeyedOneInputStreamOperatorTestHarness<String, TranscriptSegment, Progress>
      openHarness() throws Exception {
    var harness = newHarness();
    harness.open();
    return harness;
  }

  private static void receive(
      KeyedOneInputStreamOperatorTestHarness<String, TranscriptSegment, Progress> harness,
      TranscriptSegment... segments)
      throws Exception {
    for (TranscriptSegment segment : segments) {
      harness.processElement(segment, segment.occurredAt().toEpochMilli());
    }
  }

  private static TranscriptSegment segment(EventFixtures.Call call, long sequence) {
    return call.segment()
        .sequence(sequence)
        .span(sequence * 1_000, sequence * 1_000 + 900)
        .text("segment " + sequence)
        .build();
  }

  /** Keys segments by call, as the job does. */
  private static final class ByCall implements KeySelector<TranscriptSegment, String> {
    private static final long serialVersionUID = 1L;

    @Override
    public String getKey(TranscriptSegment segment) {
      return segment.callId();
    }
  }
}
