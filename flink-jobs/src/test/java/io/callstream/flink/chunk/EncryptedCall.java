package io.callstream.flink.chunk;

import io.callstream.core.crypto.Field;
import io.callstream.core.crypto.FieldCipher;
import io.callstream.core.event.CallDeleted;
import io.callstream.core.event.CallEnded;
import io.callstream.core.event.CallStarted;
import io.callstream.core.event.Ciphertext;
import io.callstream.core.event.EventFixtures;
import io.callstream.core.event.TranscriptSegment;
import io.callstream.core.id.Ids;
import io.callstream.flink.crypto.CipherSettings;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * Events of one call whose segment texts are really encrypted, as ingest writes them, with keys
 * under a test's temporary directory. Texts of {@code n} tokens are {@code n} times "word".
 */
final class EncryptedCall {

  private final FieldCipher cipher;
  private final EventFixtures.Call call;

  private EncryptedCall(FieldCipher cipher, EventFixtures.Call call) {
    this.cipher = cipher;
    this.call = call;
  }

  /** A master key and a keyset directory under {@code directory}, made on first use. */
  static CipherSettings cipherSettings(Path directory) {
    return new CipherSettings(
        "file:" + directory.resolve("master.keyset.json"), directory.resolve("keysets").toString());
  }

  static EncryptedCall of(FieldCipher cipher, String workspaceId, String callId) {
    return new EncryptedCall(cipher, EventFixtures.call(workspaceId, callId));
  }

  String workspaceId() {
    return call.workspaceId();
  }

  String callId() {
    return call.callId();
  }

  /** A text of exactly {@code tokens} o200k tokens. */
  static String words(int tokens) {
    return tokens == 0 ? "" : "word" + " word".repeat(tokens - 1);
  }

  /** A final segment of {@code tokens} tokens. */
  TranscriptSegment segment(long sequence, String speaker, int tokens) {
    return segment(sequence, speaker, words(tokens));
  }

  TranscriptSegment segment(long sequence, String speaker, String text) {
    return encrypted(build(sequence, speaker, text, true), text);
  }

  TranscriptSegment interim(long sequence, String speaker, int tokens) {
    return encrypted(build(sequence, speaker, words(tokens), false), words(tokens));
  }

  /** A final segment whose text is not a ciphertext of this call at all. */
  TranscriptSegment undecryptable(long sequence, String speaker, int bytes) {
    TranscriptSegment plain = build(sequence, speaker, "x", true);
    return withText(plain, Ciphertext.of(new byte[bytes]));
  }

  CallStarted started(CallStarted.Source source) {
    return new CallStarted(
        Ids.deterministic("test-event", callId(), "started", source),
        workspaceId(),
        callId(),
        EventFixtures.OCCURRED_AT,
        "Weekly sync",
        "en",
        source,
        List.of(),
        Map.of());
  }

  CallEnded ended(@Nullable Long lastSequence) {
    return new CallEnded(
        Ids.deterministic("test-event", callId(), "ended", String.valueOf(lastSequence)),
        workspaceId(),
        callId(),
        EventFixtures.OCCURRED_AT,
        60_000,
        lastSequence);
  }

  CallDeleted deleted() {
    return call.deleted();
  }

  private TranscriptSegment build(long sequence, String speaker, String text, boolean last) {
    return call.segment()
        .sequence(sequence)
        .speaker(speaker)
        .span(sequence * 1_000, sequence * 1_000 + 900)
        .text(text)
        .finalResult(last)
        .build();
  }

  private TranscriptSegment encrypted(TranscriptSegment segment, String text) {
    byte[] ciphertext = cipher.encryptText(workspaceId(), callId(), Field.TRANSCRIPT_TEXT, text);
    return withText(segment, Ciphertext.of(ciphertext));
  }

  private static TranscriptSegment withText(TranscriptSegment segment, Ciphertext text) {
    return new TranscriptSegment(
        segment.eventId(),
        segment.workspaceId(),
        segment.callId(),
        segment.occurredAt(),
        segment.segmentId(),
        segment.sequence(),
        segment.speaker(),
        segment.startMs(),
        segment.endMs(),
        text,
        segment.finalResult());
  }
}
