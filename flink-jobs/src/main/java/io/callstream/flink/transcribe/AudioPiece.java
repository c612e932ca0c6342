package io.callstream.flink.transcribe;

import io.callstream.core.event.Ciphertext;
import org.jspecify.annotations.Nullable;

/**
 * What decoding hands to transcription, numbered per call from 0 without gaps: a stretch of speech
 * cut at silences, then exactly one last piece that says how the call's audio ended. The last
 * piece's index is the number of speech pieces before it, so whoever counts pieces back into order
 * knows when a call is complete.
 *
 * @param index position among the call's pieces, from 0
 * @param channel the recording channel the speech is on (each channel a speaker), or null when the
 *     audio was mixed to one channel
 * @param startMs where the piece starts in the call; for the last piece, 0
 * @param endMs where the piece ends in the call; for the last piece, the audio's length
 * @param receivedMs how much of the call's audio was decoded when the piece was cut
 * @param pcm the speech as 16 kHz mono 16-bit little-endian PCM, encrypted as {@code Field.AUDIO}
 *     for the call; null for the last piece
 * @param failure why the audio could not be decoded, for an {@link Kind#UNREADABLE} last piece
 */
public record AudioPiece(
    String workspaceId,
    String callId,
    int index,
    Kind kind,
    @Nullable Integer channel,
    long startMs,
    long endMs,
    long receivedMs,
    @Nullable Ciphertext pcm,
    @Nullable String failure) {

  /** A speech piece, or how the call's audio ended. */
  public enum Kind {
    /** Speech to transcribe. */
    SPEECH,
    /** The audio ended normally; every piece before this one is all there is. */
    END,
    /** The audio could not be decoded; {@link #failure()} says why. */
    UNREADABLE
  }

  static AudioPiece speech(
      String workspaceId,
      String callId,
      int index,
      @Nullable Integer channel,
      long startMs,
      long endMs,
      long receivedMs,
      Ciphertext pcm) {
    return new AudioPiece(
        workspaceId, callId, index, Kind.SPEECH, channel, startMs, endMs, receivedMs, pcm, null);
  }

  static AudioPiece end(String workspaceId, String callId, int index, long lengthMs) {
    return new AudioPiece(
        workspaceId, callId, index, Kind.END, null, 0, lengthMs, lengthMs, null, null);
  }

  static AudioPiece unreadable(
      String workspaceId, String callId, int index, long receivedMs, String failure) {
    return new AudioPiece(
        workspaceId,
        callId,
        index,
        Kind.UNREADABLE,
        null,
        0,
        receivedMs,
        receivedMs,
        null,
        failure);
  }
}
