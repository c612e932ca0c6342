package io.callstream.flink.progress;

import io.callstream.core.event.Progress;
import io.callstream.core.event.TranscriptSegment;
import io.callstream.core.id.Ids;
import java.time.Instant;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;

/**
 * Keyed by call: counts the transcript segments received and reports {@link
 * Progress.Stage#RECEIVED} after each one. The progress event id is derived from the call and the
 * count, so a replay after a failure re-emits the same ids and consumers drop the duplicates.
 */
public final class ReceivedSegmentCounter
    extends KeyedProcessFunction<String, TranscriptSegment, Progress> {

  private static final long serialVersionUID = 1L;

  // One Long per call, never cleared: this walking-skeleton counter has no call-end input yet.
  // Clearing on call end arrives with the chunker (analysis issue), which reads the calls topic;
  // a TTL would be wrong here, because a count reset mid-call would reuse progress ids.
  private transient ValueState<Long> received;

  @Override
  public void open(OpenContext openContext) {
    received = getRuntimeContext().getState(new ValueStateDescriptor<>("received", Types.LONG));
  }

  @Override
  public void processElement(TranscriptSegment segment, Context context, Collector<Progress> out)
      throws Exception {
    Long before = received.value();
    long count = before == null ? 1 : before + 1;
    received.update(count);
    out.collect(
        new Progress(
            Ids.deterministic("progress", segment.callId(), Progress.Stage.RECEIVED.name(), count),
            segment.workspaceId(),
            segment.callId(),
            Instant.now(),
            Progress.Stage.RECEIVED,
            count,
            count,
            null));
  }
}
