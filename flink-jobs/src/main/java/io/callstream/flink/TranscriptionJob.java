package io.callstream.flink;

import io.callstream.audio.SilenceChunker;
import io.callstream.core.event.AudioChunk;
import io.callstream.core.event.CallstreamEvent;
import io.callstream.flink.route.ByTopic;
import io.callstream.flink.transcribe.AudioPiece;
import io.callstream.flink.transcribe.DecodeAudio;
import io.callstream.flink.transcribe.PieceTranscribed;
import io.callstream.flink.transcribe.SequenceTranscript;
import io.callstream.flink.transcribe.TranscribeSpeech;
import io.callstream.flink.types.CallstreamEventTypeInfo;
import java.util.concurrent.TimeUnit;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.api.connector.source.Source;
import org.apache.flink.api.java.functions.KeySelector;
import org.apache.flink.streaming.api.datastream.AsyncDataStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

/**
 * Audio chunks in; transcript segments, the end of audio calls and progress out. Keyed by call:
 * decode and cut at silences, transcribe (asynchronously, bounded, through the analysis
 * dispatchers), put back in order. The segments go to the transcript topic, where the analysis job
 * reads them like any other. See DESIGN.md, "Flink jobs".
 *
 * <pre>
 * audio ─▶ DecodeAudio ─▶ TranscribeSpeech (async) ─▶ SequenceTranscript ─▶ ByTopic ─┬▶ transcript
 *                                                                                    ├▶ calls (CallEnded)
 *                                                                                    ├▶ insights (FAILED)
 *              │                                                                     └▶ progress
 *              └─ RECEIVED progress (ms of audio) ───────────────────────────────────────▶ progress
 * </pre>
 */
public final class TranscriptionJob {

  /** The longest piece of speech sent in one transcription request. */
  static final int MAX_PIECE_MS = SilenceChunker.DEFAULT_MAX_CHUNK_MS;

  /**
   * Pieces held by the transcribe step at once. Each holds up to 30 s of encrypted 16 kHz audio
   * (about 1 MB), so this bounds the step's memory to about 64 MB per parallel instance.
   */
  static final int QUEUE_CAPACITY = 64;

  private final Source<AudioChunk, ?, ?> audio;
  private final Sink<CallstreamEvent> transcript;
  private final Sink<CallstreamEvent> calls;
  private final Sink<CallstreamEvent> insights;
  private final Sink<CallstreamEvent> progress;
  private final AnalysisSettings settings;

  public TranscriptionJob(
      Source<AudioChunk, ?, ?> audio,
      Sink<CallstreamEvent> transcript,
      Sink<CallstreamEvent> calls,
      Sink<CallstreamEvent> insights,
      Sink<CallstreamEvent> progress,
      AnalysisSettings settings) {
    if (audio == null
        || transcript == null
        || calls == null
        || insights == null
        || progress == null) {
      throw new IllegalArgumentException("sources and sinks must not be null");
    }
    if (settings == null) {
      throw new IllegalArgumentException("settings must not be null");
    }
    this.audio = audio;
    this.transcript = transcript;
    this.calls = calls;
    this.insights = insights;
    this.progress = progress;
    this.settings = settings;
  }

  /** Adds the job's pipeline to an environment; the caller executes it. */
  public void addTo(StreamExecutionEnvironment env) {
    SingleOutputStreamOperator<AudioPiece> pieces =
        env.fromSource(audio, WatermarkStrategy.noWatermarks(), "audio chunks")
            .uid("audio-source")
            .keyBy(new ChunkCall())
            .process(new DecodeAudio(settings.cipher(), MAX_PIECE_MS))
            .uid("audio-decoder")
            .name("decode audio");

    SingleOutputStreamOperator<PieceTranscribed> transcribed =
        AsyncDataStream.unorderedWait(
                pieces,
                new TranscribeSpeech(settings.requests(), settings.transcription()),
                settings.chunkTimeout().toMillis(),
                TimeUnit.MILLISECONDS,
                QUEUE_CAPACITY)
            .uid("transcribe")
            .name("transcribe");

    SingleOutputStreamOperator<CallstreamEvent> routed =
        transcribed
            .keyBy(new TranscribedCall())
            .process(new SequenceTranscript())
            .returns(CallstreamEventTypeInfo.INSTANCE)
            .uid("transcript-sequencer")
            .name("sequence transcript")
            .process(new ByTopic())
            .returns(CallstreamEventTypeInfo.INSTANCE)
            .uid("transcription-route")
            .name("route transcription by topic");

    routed.sinkTo(insights).uid("transcription-insights-sink").name("transcription failures");
    routed
        .getSideOutput(ByTopic.TRANSCRIPT)
        .sinkTo(transcript)
        .uid("transcript-sink")
        .name("transcript");
    routed.getSideOutput(ByTopic.CALLS).sinkTo(calls).uid("calls-sink").name("audio call ends");
    routed
        .getSideOutput(ByTopic.PROGRESS)
        .union(pieces.getSideOutput(DecodeAudio.PROGRESS))
        .sinkTo(progress)
        .uid("transcription-progress-sink")
        .name("transcription progress");
  }

  /** Keys an audio chunk by its call. */
  static final class ChunkCall implements KeySelector<AudioChunk, String> {
    private static final long serialVersionUID = 1L;

    @Override
    public String getKey(AudioChunk chunk) {
      return chunk.callId();
    }
  }

  /** Keys a transcribed piece by its call. */
  static final class TranscribedCall implements KeySelector<PieceTranscribed, String> {
    private static final long serialVersionUID = 1L;

    @Override
    public String getKey(PieceTranscribed piece) {
      return piece.callId();
    }
  }
}
