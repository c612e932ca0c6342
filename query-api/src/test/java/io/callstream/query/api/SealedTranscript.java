package io.callstream.query.api;

import io.callstream.core.crypto.Field;
import io.callstream.core.crypto.FieldCipher;
import io.callstream.core.event.Ciphertext;
import io.callstream.core.event.TranscriptSegment;
import io.callstream.core.id.Ids;
import io.callstream.core.meeting.Meeting;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Transcript segments of one call with real ciphertext, encrypted by the service's own {@link
 * FieldCipher} as ingest would with the same keys.
 */
final class SealedTranscript {

  private final FieldCipher cipher;
  private final String workspaceId;
  private final String callId;

  SealedTranscript(FieldCipher cipher, String workspaceId, String callId) {
    this.cipher = cipher;
    this.workspaceId = workspaceId;
    this.callId = callId;
  }

  /** A final segment saying {@code text}, one second per sequence number. */
  TranscriptSegment segment(long sequence, String text) {
    return revision(sequence, text, true, Instant.now());
  }

  /** A revision of segment {@code sequence}, final or interim, that happened {@code at}. */
  TranscriptSegment revision(long sequence, String text, boolean finalResult, Instant at) {
    return new TranscriptSegment(
        Ids.timeOrdered(),
        workspaceId,
        callId,
        at,
        Ids.deterministic("segment", callId, sequence),
        sequence,
        "spk_" + (sequence % 2),
        sequence * 1_000,
        sequence * 1_000 + 900,
        Ciphertext.of(cipher.encryptText(workspaceId, callId, Field.TRANSCRIPT_TEXT, text)),
        finalResult);
  }

  /** The turns of a real meeting as final segments, numbered from 0. */
  List<TranscriptSegment> of(List<Meeting.Turn> turns) {
    List<TranscriptSegment> segments = new ArrayList<>(turns.size());
    Instant now = Instant.now();
    for (int i = 0; i < turns.size(); i++) {
      Meeting.Turn turn = turns.get(i);
      segments.add(
          new TranscriptSegment(
              Ids.timeOrdered(),
              workspaceId,
              callId,
              now,
              Ids.deterministic("segment", callId, i),
              i,
              turn.speaker(),
              turn.startMs(),
              turn.endMs(),
              Ciphertext.of(
                  cipher.encryptText(workspaceId, callId, Field.TRANSCRIPT_TEXT, turn.text())),
              true));
    }
    return segments;
  }
}
