package io.callstream.flink.transcribe;

import org.jspecify.annotations.Nullable;

/**
 * How far one call's transcript is put back in order, kept in Flink state.
 *
 * @param nextIndex the piece to hand on next
 * @param nextSequence the sequence of the next transcript segment
 * @param transcribedMs how far into the call the transcript reaches
 * @param speechPieces speech pieces handed on
 * @param failedPieces speech pieces that could not be transcribed
 * @param firstFailure why the first of them could not be, or null
 * @param done whether the call's last piece was handed on
 */
public record SequenceState(
    int nextIndex,
    long nextSequence,
    long transcribedMs,
    int speechPieces,
    int failedPieces,
    @Nullable String firstFailure,
    boolean done) {

  static final SequenceState START = new SequenceState(0, 0, 0, 0, 0, null, false);

  SequenceState transcribed(PieceTranscribed piece) {
    boolean failed = piece.failure() != null;
    return new SequenceState(
        nextIndex + 1,
        nextSequence + piece.lines().size(),
        Math.max(transcribedMs, piece.endMs()),
        speechPieces + 1,
        failedPieces + (failed ? 1 : 0),
        firstFailure == null && failed ? piece.failure() : firstFailure,
        false);
  }

  SequenceState ended() {
    return new SequenceState(
        nextIndex + 1, nextSequence, transcribedMs, speechPieces, failedPieces, firstFailure, true);
  }
}
