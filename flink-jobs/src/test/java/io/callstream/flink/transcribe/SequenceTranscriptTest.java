package io.callstream.flink.transcribe;

import static org.assertj.core.api.Assertions.assertThat;

import io.callstream.core.crypto.Field;
import io.callstream.core.event.CallAnalyzed;
import io.callstream.core.event.CallEnded;
import io.callstream.core.event.CallstreamEvent;
import io.callstream.core.event.Ciphertext;
import io.callstream.core.event.Progress;
import io.callstream.core.event.TranscriptSegment;
import io.callstream.flink.testing.TestKeys;
import io.callstream.flink.types.CallstreamEventTypeInfo;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.flink.api.common.serialization.SerializerConfigImpl;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.operators.KeyedProcessOperator;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class SequenceTranscriptTest {

  private static final String WS = "ws-seq";
  private static final String CALL = "call-seq";
  private static final TestKeys KEYS = TestKeys.create();

  private KeyedOneInputStreamOperatorTestHarness<String, PieceTranscribed, CallstreamEvent> harness;

  @BeforeEach
  void open() throws Exception {
    harness =
        new KeyedOneInputStreamOperatorTestHarness<>(
            new KeyedProcessOperator<>(new SequenceTranscript()),
            PieceTranscribed::callId,
            Types.STRING);
    harness.setup(CallstreamEventTypeInfo.INSTANCE.createSerializer(new SerializerConfigImpl()));
    harness.open();
  }

  @AfterEach
  void close() throws Exception {
    harness.close();
  }

  @Test
  void shouldNumberSegmentsInCutOrderWhateverOrderTranscriptsArriveIn() throws Exception {
    send(speech(2, null, 60_000, 75_000, line(61_000, 64_000, "third", null)));
    send(speech(0, null, 0, 30_000, line(1_000, 3_000, "first", "speaker_0")));
    assertThat(segments()).extracting(TranscriptSegment::sequence).containsExactly(0L);
    send(
        speech(
            1,
            null,
            30_000,
            60_000,
            line(31_000, 33_000, "second a", "speaker_1"),
            line(34_000, 36_000, "second b", null)));
    send(end(3, 75_500));

    List<TranscriptSegment> segments = segments();
    assertThat(segments).extracting(TranscriptSegment::sequence).containsExactly(0L, 1L, 2L, 3L);
    assertThat(segments)
        .extracting(this::text)
        .containsExactly("first", "second a", "second b", "third");
    assertThat(segments)
        .extracting(TranscriptSegment::speaker)
        .containsExactly("speaker_0", "speaker_1", "spk_0", "spk_0");
    assertThat(segments)
        .extracting(TranscriptSegment::startMs)
        .containsExactly(1_000L, 31_000L, 34_000L, 61_000L);
    CallEnded ended = only(CallEnded.class);
    assertThat(ended.lastSequence()).isEqualTo(3L);
    assertThat(ended.durationMs()).isEqualTo(75_500L);
    Progress last = events(Progress.class).get(events(Progress.class).size() - 1);
    assertThat(last.stage()).isEqualTo(Progress.Stage.TRANSCRIBED);
    assertThat(last.done()).isEqualTo(75_500L).isEqualTo(last.total());
  }

  @Test
  void shouldNameEachChannelOfAStereoCallAsItsOwnSpeaker() throws Exception {
    send(speech(0, 0, 0, 10_000, line(500, 2_000, "agent", "speaker_1")));
    send(speech(1, 1, 0, 12_000, line(2_500, 4_000, "customer", "speaker_1")));
    send(end(2, 12_000));

    assertThat(segments())
        .extracting(TranscriptSegment::speaker)
        .containsExactly("channel_1", "channel_2");
  }

  @Test
  void shouldEndACallWithoutSpeechWithoutALastSequence() throws Exception {
    send(end(0, 40_000));

    assertThat(segments()).isEmpty();
    assertThat(only(CallEnded.class).lastSequence()).isNull();
  }

  @Test
  void shouldFailTheCallWhenNoPieceCouldBeTranscribed() throws Exception {
    send(failedSpeech(0, "rate limited: retries exhausted"));
    send(failedSpeech(1, "server error"));
    send(end(2, 60_000));

    CallAnalyzed failed = only(CallAnalyzed.class);
    assertThat(failed.status()).isEqualTo(CallAnalyzed.Status.FAILED);
    assertThat(failed.reason()).contains("no speech could be transcribed", "rate limited");
    assertThat(events(CallEnded.class)).isEmpty();
  }

  @Test
  void shouldEndTheCallWhenSomePiecesFailAndOthersDoNot() throws Exception {
    send(failedSpeech(0, "server error"));
    send(speech(1, null, 30_000, 40_000, line(31_000, 32_000, "kept", null)));
    send(end(2, 40_000));

    assertThat(segments()).extracting(this::text).containsExactly("kept");
    assertThat(only(CallEnded.class).lastSequence()).isZero();
    assertThat(events(CallAnalyzed.class)).isEmpty();
  }

  @Test
  void shouldFailUnreadableAudioWithItsReasonOnceTheEarlierPiecesAreOut() throws Exception {
    send(unreadable(1, "the audio could not be decoded: Invalid data found"));
    assertThat(events(CallAnalyzed.class)).isEmpty();
    send(speech(0, null, 0, 9_000, line(1_000, 2_000, "before", null)));

    assertThat(segments()).extracting(this::text).containsExactly("before");
    CallAnalyzed failed = only(CallAnalyzed.class);
    assertThat(failed.status()).isEqualTo(CallAnalyzed.Status.FAILED);
    assertThat(failed.reason()).isEqualTo("the audio could not be decoded: Invalid data found");
    assertThat(failed.analyzer()).isEqualTo("transcription");
  }

  @Test
  void shouldIgnoreRepeatsAndPiecesAfterTheEnd() throws Exception {
    PieceTranscribed first = speech(0, null, 0, 5_000, line(0, 1_000, "once", null));
    send(first);
    send(first);
    send(end(1, 5_000));
    send(end(1, 5_000));

    assertThat(segments()).hasSize(1);
    assertThat(events(CallEnded.class)).hasSize(1);
  }

  private void send(PieceTranscribed piece) throws Exception {
    harness.processElement(new StreamRecord<>(piece));
  }

  private static SpokenLine line(long startMs, long endMs, String text, @Nullable String speaker) {
    return new SpokenLine(
        startMs,
        endMs,
        speaker,
        Ciphertext.of(KEYS.cipher().encryptText(WS, CALL, Field.TRANSCRIPT_TEXT, text)));
  }

  private static PieceTranscribed speech(
      int index, @Nullable Integer channel, long startMs, long endMs, SpokenLine... lines) {
    return new PieceTranscribed(
        WS,
        CALL,
        index,
        AudioPiece.Kind.SPEECH,
        channel,
        startMs,
        endMs,
        endMs,
        Arrays.asList(lines),
        null);
  }

  private static PieceTranscribed failedSpeech(int index, String failure) {
    return new PieceTranscribed(
        WS,
        CALL,
        index,
        AudioPiece.Kind.SPEECH,
        null,
        index * 30_000L,
        (index + 1) * 30_000L,
        (index + 1) * 30_000L,
        List.of(),
        failure);
  }

  private static PieceTranscribed end(int index, long lengthMs) {
    return PieceTranscribed.of(AudioPiece.end(WS, CALL, index, lengthMs), List.of());
  }

  private static PieceTranscribed unreadable(int index, String reason) {
    return PieceTranscribed.of(AudioPiece.unreadable(WS, CALL, index, 0, reason), List.of());
  }

  private String text(TranscriptSegment segment) {
    return KEYS.cipher().decryptText(WS, CALL, Field.TRANSCRIPT_TEXT, segment.text().bytes());
  }

  private List<TranscriptSegment> segments() {
    return events(TranscriptSegment.class);
  }

  private <T> T only(Class<T> type) {
    List<T> found = events(type);
    assertThat(found).hasSize(1);
    return found.get(0);
  }

  private <T> List<T> events(Class<T> type) {
    List<T> found = new ArrayList<>();
    for (CallstreamEvent event : harness.extractOutputValues()) {
      if (type.isInstance(event)) {
        found.add(type.cast(event));
      }
    }
    return found;
  }
}
