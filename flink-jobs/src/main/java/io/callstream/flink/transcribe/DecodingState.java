package io.callstream.flink.transcribe;

/**
 * How far decoding of one call's audio got, kept in Flink state.
 *
 * @param nextSequence the audio chunk expected next
 * @param pieces how many speech pieces were handed on
 * @param done whether the call's last piece was handed on; later chunks are repeats
 */
public record DecodingState(long nextSequence, int pieces, boolean done) {

  static final DecodingState START = new DecodingState(0, 0, false);

  DecodingState accepted(long sequence) {
    return new DecodingState(sequence + 1, pieces, done);
  }

  DecodingState cut() {
    return new DecodingState(nextSequence, pieces + 1, done);
  }

  DecodingState ended() {
    return new DecodingState(nextSequence, pieces, true);
  }
}
