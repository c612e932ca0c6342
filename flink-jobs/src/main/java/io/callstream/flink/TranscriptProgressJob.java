package io.callstream.flink;

import io.callstream.core.event.Progress;
import io.callstream.core.event.TranscriptSegment;
import io.callstream.flink.progress.ReceivedSegmentCounter;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.api.connector.source.Source;
import org.apache.flink.api.java.functions.KeySelector;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

/**
 * The walking skeleton: transcript segments in, per-call {@code RECEIVED} progress out. It proves
 * the path Kafka, Flink, Kafka end to end before the analysis job takes its place.
 */
public final class TranscriptProgressJob {

  public static final String NAME = "callstream transcript progress";

  private final Source<TranscriptSegment, ?, ?> segments;
  private final Sink<Progress> progress;

  public TranscriptProgressJob(Source<TranscriptSegment, ?, ?> segments, Sink<Progress> progress) {
    if (segments == null || progress == null) {
      throw new IllegalArgumentException("segments and progress must not be null");
    }
    this.segments = segments;
    this.progress = progress;
  }

  /** Adds the job's pipeline to an environment; the caller executes it. */
  public void addTo(StreamExecutionEnvironment env) {
    env.fromSource(segments, WatermarkStrategy.noWatermarks(), "transcript segments")
        .uid("transcript-source")
        .keyBy(new ByCall())
        .process(new ReceivedSegmentCounter())
        .uid("received-segment-counter")
        .name("count received segments")
        .sinkTo(progress)
        .uid("progress-sink")
        .name("progress");
  }

  /** Keys a segment by its call. */
  static final class ByCall implements KeySelector<TranscriptSegment, String> {
    private static final long serialVersionUID = 1L;

    @Override
    public String getKey(TranscriptSegment segment) {
      return segment.callId();
    }
  }
}
