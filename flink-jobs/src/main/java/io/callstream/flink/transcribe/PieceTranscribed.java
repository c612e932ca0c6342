package io.callstream.flink.transcribe;

import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * An {@link AudioPiece} after transcription: its lines, or why it could not be transcribed. Exactly
 * one per piece, whatever happened, so the call can be counted to its end. A last piece passes
 * through with its kind and failure.
 *
 * @param lines the transcribed lines in order; none for silence, a failure or a last piece
 * @param failure why the piece could not be transcribed, or why the audio could not be decoded
 */
public record PieceTranscribed(
    String workspaceId,
    String callId,
    int index,
    AudioPiece.Kind kind,
    @Nullable Integer channel,
    long startMs,
    long endMs,
    long receivedMs,
    List<SpokenLine> lines,
    @Nullable String failure) {

  static PieceTranscribed of(AudioPiece piece, List<SpokenLine> lines) {
    return new PieceTranscribed(
        piece.workspaceId(),
        piece.callId(),
        piece.index(),
        piece.kind(),
        piece.channel(),
        piece.startMs(),
        piece.endMs(),
        piece.receivedMs(),
        List.copyOf(lines),
        piece.failure());
  }

  static PieceTranscribed failed(AudioPiece piece, String failure) {
    return new PieceTranscribed(
        piece.workspaceId(),
        piece.callId(),
        piece.index(),
        piece.kind(),
        piece.channel(),
        piece.startMs(),
        piece.endMs(),
        piece.receivedMs(),
        List.of(),
        failure);
  }
}
