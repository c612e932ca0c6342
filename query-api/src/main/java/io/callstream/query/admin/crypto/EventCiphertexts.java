package io.callstream.query.admin.crypto;

import io.callstream.core.crypto.Field;
import io.callstream.core.crypto.FieldCipher;
import io.callstream.core.crypto.KeyIds;
import io.callstream.core.event.AudioChunk;
import io.callstream.core.event.CallstreamEvent;
import io.callstream.core.event.Ciphertext;
import io.callstream.core.event.InsightDetected;
import io.callstream.core.event.MindmapUpdated;
import io.callstream.core.event.SummaryUpdated;
import io.callstream.core.event.TranscriptSegment;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * The ciphertext field of each event type that has one, and the event with that field re-encrypted
 * under the primary key: how re-encryption rewrites {@code live_events}, whose rows are events as
 * JSON. Events of other types carry no ciphertext. Stateless and thread-safe.
 */
final class EventCiphertexts {

  private EventCiphertexts() {}

  /**
   * {@code event} with its ciphertext re-encrypted under key {@code primaryKeyId}, or empty if it
   * has no ciphertext or its ciphertext is under that key already.
   *
   * @throws io.callstream.core.crypto.CiphertextRejectedException if the ciphertext does not
   *     decrypt
   */
  static Optional<CallstreamEvent> reencrypted(
      CallstreamEvent event, int primaryKeyId, FieldCipher cipher) {
    Objects.requireNonNull(event, "event must not be null");
    Objects.requireNonNull(cipher, "cipher must not be null");
    if (event instanceof TranscriptSegment e) {
      return moved(e, e.text(), Field.TRANSCRIPT_TEXT, primaryKeyId, cipher)
          .map(
              text ->
                  new TranscriptSegment(
                      e.eventId(),
                      e.workspaceId(),
                      e.callId(),
                      e.occurredAt(),
                      e.segmentId(),
                      e.sequence(),
                      e.speaker(),
                      e.startMs(),
                      e.endMs(),
                      text,
                      e.finalResult()));
    }
    if (event instanceof MindmapUpdated e) {
      return moved(e, e.mindmap(), Field.MINDMAP, primaryKeyId, cipher)
          .map(
              mindmap ->
                  new MindmapUpdated(
                      e.eventId(),
                      e.workspaceId(),
                      e.callId(),
                      e.occurredAt(),
                      e.version(),
                      mindmap,
                      e.analyzer()));
    }
    if (event instanceof InsightDetected e) {
      return moved(e, e.body(), Field.INSIGHT, primaryKeyId, cipher)
          .map(
              body ->
                  new InsightDetected(
                      e.eventId(),
                      e.workspaceId(),
                      e.callId(),
                      e.occurredAt(),
                      e.insightId(),
                      e.insightType(),
                      body,
                      e.citedSegmentIds(),
                      e.analyzer()));
    }
    if (event instanceof SummaryUpdated e) {
      return moved(e, e.summary(), Field.SUMMARY, primaryKeyId, cipher)
          .map(
              summary ->
                  new SummaryUpdated(
                      e.eventId(),
                      e.workspaceId(),
                      e.callId(),
                      e.occurredAt(),
                      e.version(),
                      summary,
                      e.citedSegmentIds(),
                      e.analyzer()));
    }
    if (event instanceof AudioChunk e) {
      return moved(e, e.audio(), Field.AUDIO, primaryKeyId, cipher)
          .map(
              audio ->
                  new AudioChunk(
                      e.eventId(),
                      e.workspaceId(),
                      e.callId(),
                      e.occurredAt(),
                      e.sequence(),
                      e.offset(),
                      e.contentType(),
                      audio,
                      e.last()));
    }
    return Optional.empty();
  }

  private static Optional<Ciphertext> moved(
      CallstreamEvent event,
      Ciphertext ciphertext,
      Field field,
      int primaryKeyId,
      FieldCipher cipher) {
    byte[] bytes = ciphertext.bytes();
    OptionalInt keyId = KeyIds.of(bytes);
    if (keyId.isPresent() && keyId.getAsInt() == primaryKeyId) {
      return Optional.empty();
    }
    return Optional.of(
        Ciphertext.of(cipher.reencrypt(event.workspaceId(), event.callId(), field, bytes)));
  }
}
