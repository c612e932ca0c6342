package io.callstream.flink.chunk;

import io.callstream.core.event.CallstreamEvent;
import io.callstream.core.event.Progress;
import io.callstream.core.event.TranscriptSegment;
import io.callstream.flink.crypto.CipherSettings;
import java.time.Duration;
import java.util.List;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.api.java.functions.KeySelector;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.streaming.api.operators.co.KeyedCoProcessOperator;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.KeyedTwoInputStreamOperatorTestHarness;

/**
 * A {@link Chunker} in a keyed two-input operator harness, keyed by call on both inputs as the job
 * keys it, with processing time under the test's control.
 */
final class ChunkerHarness implements AutoCloseable {

  /** Processing time when the harness opens; Flink's test clock would start at Long.MIN_VALUE. */
  static final long START = 1_750_000_000_000L;

  private final KeyedTwoInputStreamOperatorTestHarness<
          String, TranscriptSegment, CallstreamEvent, Chunk>
      harness;

  private ChunkerHarness(
      KeyedTwoInputStreamOperatorTestHarness<String, TranscriptSegment, CallstreamEvent, Chunk>
          harness) {
    this.harness = harness;
  }

  static ChunkerHarness open(ChunkingSettings settings, CipherSettings cipher) throws Exception {
    return restore(settings, cipher, null);
  }

  /** A new operator started from {@code snapshot}, as after a failure, or empty when null. */
  static ChunkerHarness restore(
      ChunkingSettings settings, CipherSettings cipher, OperatorSubtaskState snapshot)
      throws Exception {
    var harness =
        new KeyedTwoInputStreamOperatorTestHarness<>(
            new KeyedCoProcessOperator<>(new Chunker(settings, cipher)),
            new SegmentByCall(),
            new EventByCall(),
            Types.STRING);
    harness.setProcessingTime(START);
    harness.setStateTtlProcessingTime(START);
    if (snapshot != null) {
      harness.initializeState(snapshot);
    }
    harness.open();
    return new ChunkerHarness(harness);
  }

  void segments(TranscriptSegment... segments) throws Exception {
    segments(List.of(segments));
  }

  void segments(List<TranscriptSegment> segments) throws Exception {
    for (TranscriptSegment segment : segments) {
      harness.processElement1(segment, 0L);
    }
  }

  void call(CallstreamEvent event) throws Exception {
    harness.processElement2(event, 0L);
  }

  /** Moves processing time forward, firing the timers that fall due. */
  void advance(Duration duration) throws Exception {
    harness.setProcessingTime(harness.getProcessingTime() + duration.toMillis());
  }

  List<Chunk> chunks() {
    return harness.extractOutputValues();
  }

  List<Progress> progress() {
    return harness.getSideOutput(Chunker.PROGRESS) == null
        ? List.of()
        : harness.getSideOutput(Chunker.PROGRESS).stream().map(StreamRecord::getValue).toList();
  }

  int stateEntries() {
    return harness.numKeyedStateEntries();
  }

  int timers() {
    return harness.numProcessingTimeTimers();
  }

  OperatorSubtaskState snapshot(long checkpointId) throws Exception {
    return harness.snapshot(checkpointId, checkpointId);
  }

  /** Lets the TTL clock of the state run ahead, so state written before looks that old. */
  void ageState(Duration age) {
    harness.setStateTtlProcessingTime(harness.getProcessingTime() + age.toMillis());
  }

  @Override
  public void close() {
    try {
      harness.close();
    } catch (Exception e) {
      throw new IllegalStateException("cannot close the harness", e);
    }
  }

  /** Keys segments by call, as the job does. */
  private static final class SegmentByCall implements KeySelector<TranscriptSegment, String> {
    private static final long serialVersionUID = 1L;

    @Override
    public String getKey(TranscriptSegment segment) {
      return segment.callId();
    }
  }

  /** Keys call events by call, as the job does. */
  private static final class EventByCall implements KeySelector<CallstreamEvent, String> {
    private static final long serialVersionUID = 1L;

    @Override
    public String getKey(CallstreamEvent event) {
      return event.callId();
    }
  }
}
