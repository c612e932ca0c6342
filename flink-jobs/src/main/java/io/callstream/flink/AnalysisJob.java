package io.callstream.flink;

import io.callstream.core.event.CallstreamEvent;
import io.callstream.core.event.Progress;
import io.callstream.core.event.TranscriptSegment;
import io.callstream.flink.analyze.AnalyzeChunk;
import io.callstream.flink.analyze.ChunkAnalyzed;
import io.callstream.flink.chunk.Chunk;
import io.callstream.flink.chunk.Chunker;
import io.callstream.flink.merge.CallMerger;
import io.callstream.flink.merge.CallToSynthesize;
import io.callstream.flink.route.ByTopic;
import io.callstream.flink.synthesize.SynthesizeCall;
import io.callstream.flink.types.CallstreamEventTypeInfo;
import java.util.concurrent.TimeUnit;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.functions.MapFunction;
import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.api.connector.source.Source;
import org.apache.flink.api.java.functions.KeySelector;
import org.apache.flink.streaming.api.datastream.AsyncDataStream;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

/**
 * Transcript segments and call events in; mindmaps, insights, metrics, summaries, progress and
 * usage out. Keyed by call: chunk, analyze (asynchronously, bounded, fair between workspaces),
 * merge, and on call end synthesize. See DESIGN.md, "Flink jobs".
 *
 * <pre>
 * segments ─┐
 * calls ────┴─ Chunker ─▶ AnalyzeChunk (async) ─▶ CallMerger ─▶ ByTopic ─▶ insights (exactly-once)
 *                │                                   │   ▲         ├────▶ progress (at least once)
 *                │ CHUNKED progress                  ▼   │         └────▶ usage (exactly-once)
 *                └──────────▶ progress     SynthesizeCall (async)
 * </pre>
 */
public final class AnalysisJob {

  public static final String NAME = "callstream analysis";

  /** Calls being synthesized at once: a call ends rarely, and each synthesis is one request. */
  private static final int SYNTHESIS_CAPACITY = 64;

  private final Source<TranscriptSegment, ?, ?> segments;
  private final Source<CallstreamEvent, ?, ?> calls;
  private final Sink<CallstreamEvent> insights;
  private final Sink<CallstreamEvent> progress;
  private final Sink<CallstreamEvent> usage;
  private final AnalysisSettings settings;

  public AnalysisJob(
      Source<TranscriptSegment, ?, ?> segments,
      Source<CallstreamEvent, ?, ?> calls,
      Sink<CallstreamEvent> insights,
      Sink<CallstreamEvent> progress,
      Sink<CallstreamEvent> usage,
      AnalysisSettings settings) {
    if (segments == null
        || calls == null
        || insights == null
        || progress == null
        || usage == null) {
      throw new IllegalArgumentException("sources and sinks must not be null");
    }
    if (settings == null) {
      throw new IllegalArgumentException("settings must not be null");
    }
    this.segments = segments;
    this.calls = calls;
    this.insights = insights;
    this.progress = progress;
    this.usage = usage;
    this.settings = settings;
  }

  /** Adds the job's pipeline to an environment; the caller executes it. */
  public void addTo(StreamExecutionEnvironment env) {
    DataStream<TranscriptSegment> segmentStream =
        env.fromSource(segments, WatermarkStrategy.noWatermarks(), "transcript segments")
            .uid("transcript-source");
    DataStream<CallstreamEvent> callStream =
        env.fromSource(calls, WatermarkStrategy.noWatermarks(), "call events").uid("calls-source");

    SingleOutputStreamOperator<Chunk> chunks =
        segmentStream
            .connect(callStream)
            .keyBy(new SegmentCall(), new EventCall())
            .process(new Chunker(settings.chunking(), settings.cipher()))
            .uid("chunker")
            .name("chunk");

    SingleOutputStreamOperator<ChunkAnalyzed> analyzed =
        AsyncDataStream.unorderedWait(
                chunks,
                new AnalyzeChunk(settings.requests()),
                settings.chunkTimeout().toMillis(),
                TimeUnit.MILLISECONDS,
                settings.queueCapacity())
            .uid("analyze")
            .name("analyze");

    SingleOutputStreamOperator<CallstreamEvent> merged =
        analyzed
            .keyBy(new AnalyzedCall())
            .process(new CallMerger(settings.cipher(), settings.merging()))
            .returns(CallstreamEventTypeInfo.INSTANCE)
            .uid("merger")
            .name("merge");

    DataStream<CallToSynthesize> toSynthesize = merged.getSideOutput(CallMerger.TO_SYNTHESIZE);
    SingleOutputStreamOperator<CallstreamEvent> synthesized =
        AsyncDataStream.unorderedWait(
                toSynthesize,
                new SynthesizeCall(settings.requests()),
                settings.chunkTimeout().toMillis(),
                TimeUnit.MILLISECONDS,
                SYNTHESIS_CAPACITY)
            .returns(CallstreamEventTypeInfo.INSTANCE)
            .uid("synthesize")
            .name("synthesize");

    SingleOutputStreamOperator<CallstreamEvent> routed =
        merged
            .union(synthesized)
            .process(new ByTopic())
            .returns(CallstreamEventTypeInfo.INSTANCE)
            .uid("route")
            .name("route by topic");

    routed.sinkTo(insights).uid("insights-sink").name("insights");
    routed
        .getSideOutput(ByTopic.PROGRESS)
        .union(
            chunks
                .getSideOutput(Chunker.PROGRESS)
                .map(new AsEvent<Progress>())
                .returns(CallstreamEventTypeInfo.INSTANCE)
                .uid("chunk-progress")
                .name("chunk progress"))
        .sinkTo(progress)
        .uid("progress-sink")
        .name("progress");
    routed.getSideOutput(ByTopic.USAGE).sinkTo(usage).uid("usage-sink").name("usage");
  }

  /** Keys a segment by its call. */
  static final class SegmentCall implements KeySelector<TranscriptSegment, String> {
    private static final long serialVersionUID = 1L;

    @Override
    public String getKey(TranscriptSegment segment) {
      return segment.callId();
    }
  }

  /** Keys a call event by its call. */
  static final class EventCall implements KeySelector<CallstreamEvent, String> {
    private static final long serialVersionUID = 1L;

    @Override
    public String getKey(CallstreamEvent event) {
      return event.callId();
    }
  }

  /** Keys an analyzed chunk by its call. */
  static final class AnalyzedCall implements KeySelector<ChunkAnalyzed, String> {
    private static final long serialVersionUID = 1L;

    @Override
    public String getKey(ChunkAnalyzed chunk) {
      return chunk.callId();
    }
  }

  /** Widens a stream of one event record to the mixed event type of the sinks. */
  static final class AsEvent<T extends CallstreamEvent> implements MapFunction<T, CallstreamEvent> {
    private static final long serialVersionUID = 1L;

    @Override
    public CallstreamEvent map(T event) {
      return event;
    }
  }
}
