package io.callstream.flink.transcribe;

import io.callstream.core.event.CallAnalyzed;
import io.callstream.core.event.CallEnded;
import io.callstream.core.event.CallstreamEvent;
import io.callstream.core.event.Progress;
import io.callstream.core.event.TranscriptSegment;
import io.callstream.core.id.Ids;
import java.time.Instant;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;

/**
 * Keyed by call: puts transcribed pieces back in the order they were cut (transcription answers in
 * any order), numbers the segments of the call, and reports {@code TRANSCRIBED} progress in
 * milliseconds of the call: how far the transcript reaches of the audio received.
 *
 * <p>After the call's last piece it ends the call: {@link CallEnded} with the last segment's
 * sequence, on which analysis runs its final pass (a call without speech ends with no segment and
 * analysis reports it empty). Audio that could not be decoded, or whose every speech piece failed
 * to transcribe, ends instead in {@link CallAnalyzed} {@code FAILED} with the reason. Pieces that
 * fail while others succeed leave a gap in the transcript; the call still ends.
 */
public final class SequenceTranscript
    extends KeyedProcessFunction<String, PieceTranscribed, CallstreamEvent> {

  private static final long serialVersionUID = 1L;

  /** How the ids of segments transcribed from audio begin. */
  public static final String SEGMENT_ID_PREFIX = "audio-";

  /**
   * Whether a segment was transcribed here from the call's audio: for those, decoding reports
   * {@code RECEIVED} progress in milliseconds of audio, not the chunker in segments.
   */
  public static boolean transcribedFromAudio(TranscriptSegment segment) {
    return segment.segmentId().startsWith(SEGMENT_ID_PREFIX);
  }

  /** The name results of this step carry in {@link CallAnalyzed#analyzer()}. */
  static final String ANALYZER = "transcription";

  private transient ValueState<SequenceState> state;
  private transient MapState<Integer, PieceTranscribed> waiting;

  @Override
  public void open(OpenContext openContext) {
    state =
        getRuntimeContext().getState(new ValueStateDescriptor<>("sequence", SequenceState.class));
    waiting =
        getRuntimeContext()
            .getMapState(
                new MapStateDescriptor<>("waiting", Integer.class, PieceTranscribed.class));
  }

  @Override
  public void processElement(
      PieceTranscribed piece, Context context, Collector<CallstreamEvent> out) throws Exception {
    SequenceState current = state.value();
    if (current == null) {
      current = SequenceState.START;
    }
    if (current.done() || piece.index() < current.nextIndex()) {
      return; // a repeat
    }
    waiting.put(piece.index(), piece);
    PieceTranscribed next = waiting.get(current.nextIndex());
    while (next != null && !current.done()) {
      waiting.remove(next.index());
      current = hand(next, current, out);
      next = waiting.get(current.nextIndex());
    }
    if (current.done()) {
      waiting.clear();
    }
    state.update(current);
  }

  private SequenceState hand(
      PieceTranscribed piece, SequenceState current, Collector<CallstreamEvent> out) {
    Instant now = Instant.now();
    return switch (piece.kind()) {
      case SPEECH -> {
        long sequence = current.nextSequence();
        for (SpokenLine line : piece.lines()) {
          out.collect(segment(piece, line, sequence++, now));
        }
        SequenceState next = current.transcribed(piece);
        out.collect(
            progress(
                piece,
                next.transcribedMs(),
                Math.max(piece.receivedMs(), next.transcribedMs()),
                now));
        yield next;
      }
      case END -> {
        if (current.speechPieces() > 0 && current.failedPieces() == current.speechPieces()) {
          out.collect(
              failed(piece, "no speech could be transcribed: " + current.firstFailure(), now));
        } else {
          out.collect(progress(piece, piece.endMs(), piece.endMs(), now));
          out.collect(
              new CallEnded(
                  Ids.deterministic("call-ended", piece.callId()),
                  piece.workspaceId(),
                  piece.callId(),
                  now,
                  piece.endMs(),
                  current.nextSequence() > 0 ? current.nextSequence() - 1 : null));
        }
        yield current.ended();
      }
      case UNREADABLE -> {
        out.collect(failed(piece, String.valueOf(piece.failure()), now));
        yield current.ended();
      }
    };
  }

  private static TranscriptSegment segment(
      PieceTranscribed piece, SpokenLine line, long sequence, Instant now) {
    String segmentId = SEGMENT_ID_PREFIX + piece.index() + "-" + sequence;
    return new TranscriptSegment(
        Ids.deterministic("segment", piece.callId(), sequence),
        piece.workspaceId(),
        piece.callId(),
        now,
        segmentId,
        sequence,
        speaker(piece, line),
        line.startMs(),
        Math.max(line.startMs(), line.endMs()),
        line.text(),
        true);
  }

  /**
   * A channel of a stereo recording is a speaker of its own ({@code channel_1}, {@code channel_2});
   * otherwise the speaker the transcription named, else {@code spk_0}.
   */
  private static String speaker(PieceTranscribed piece, SpokenLine line) {
    if (piece.channel() != null) {
      return "channel_" + (piece.channel() + 1);
    }
    String named = line.speaker();
    return named == null || named.isBlank() ? "spk_0" : named.strip();
  }

  private static Progress progress(PieceTranscribed piece, long done, long total, Instant now) {
    return new Progress(
        Ids.deterministic("progress", piece.callId(), Progress.Stage.TRANSCRIBED.name(), done),
        piece.workspaceId(),
        piece.callId(),
        now,
        Progress.Stage.TRANSCRIBED,
        done,
        total,
        null);
  }

  private static CallAnalyzed failed(PieceTranscribed piece, String reason, Instant now) {
    return new CallAnalyzed(
        Ids.deterministic("call-analyzed", piece.callId()),
        piece.workspaceId(),
        piece.callId(),
        now,
        CallAnalyzed.Status.FAILED,
        reason,
        ANALYZER);
  }
}
