package io.callstream.flink.transcribe;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.callstream.core.crypto.Field;
import io.callstream.core.event.AudioChunk;
import io.callstream.core.event.Ciphertext;
import io.callstream.core.event.Progress;
import io.callstream.core.id.Ids;
import io.callstream.flink.testing.TestKeys;
import java.lang.management.ManagementFactory;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.time.Instant;
import java.util.List;
import java.util.Random;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.streaming.api.operators.KeyedProcessOperator;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.junit.jupiter.api.Test;

/**
 * {@link DecodeAudio} in a keyed operator harness: audio chunks in, speech pieces out, with the
 * call's audio made here (tone bursts with pauses: the energy detector takes a tone for speech).
 */
class DecodeAudioTest {

  private static final TestKeys KEYS = TestKeys.create();
  private static final String WS = "ws-decode";
  private static final int RATE = 16_000;
  private static final int CHUNK_BYTES = 512 * 1024;
  private static final int MAX_PIECE_MS = 30_000;

  @Test
  void shouldDecodeTwoHoursOfAudioInFlatMemory() throws Exception {
    long seconds = 2 * 60 * 60;
    long dataBytes = seconds * RATE * 2;
    try (var harness = harness(null)) {
      Bursts audio = new Bursts(dataBytes);
      long sequence = 0;
      long offset = 0;
      long pieces = 0;
      long longestMs = 0;
      long heapAfterQuarterHour = -1;
      while (offset < audio.totalBytes()) {
        byte[] bytes = audio.next(CHUNK_BYTES);
        boolean last = offset + bytes.length >= audio.totalBytes();
        harness.processElement(
            new StreamRecord<>(chunk("long", sequence++, offset, "audio/wav", bytes, last)));
        offset += bytes.length;
        for (AudioPiece piece : harness.extractOutputValues()) {
          if (piece.kind() == AudioPiece.Kind.SPEECH) {
            pieces++;
            longestMs = Math.max(longestMs, piece.endMs() - piece.startMs());
          } else {
            assertThat(piece.kind()).isEqualTo(AudioPiece.Kind.END);
            assertThat(piece.index()).isEqualTo(pieces);
            assertThat((double) piece.endMs()).isCloseTo(seconds * 1000.0, within(50.0));
          }
        }
        harness.getOutput().clear();
        if (heapAfterQuarterHour < 0 && offset > 15L * 60 * RATE * 2) {
          heapAfterQuarterHour = usedHeapAfterGc();
        }
      }
      long heapAtEnd = usedHeapAfterGc();
      System.out.printf(
          "two hours of audio: %d pieces, heap after GC %d MB at 15 min, %d MB at 2 h%n",
          pieces, heapAfterQuarterHour >> 20, heapAtEnd >> 20);

      assertThat(pieces)
          .as("pieces of two hours")
          .isGreaterThanOrEqualTo(seconds * 1000 / MAX_PIECE_MS);
      assertThat(longestMs).isLessThanOrEqualTo(MAX_PIECE_MS);
      assertThat(heapAtEnd - heapAfterQuarterHour)
          .as("heap growth from 15 minutes to 2 hours of audio (bytes)")
          .isLessThan(32L * 1024 * 1024);
    }
  }

  @Test
  void shouldSkipARepeatedChunk() throws Exception {
    byte[] wav = new Bursts(RATE * 2 * 70L).next(Integer.MAX_VALUE);
    try (var harness = harness(null)) {
      AudioChunk first =
          chunk("repeat", 0, 0, "audio/wav", java.util.Arrays.copyOf(wav, CHUNK_BYTES), false);
      harness.processElement(new StreamRecord<>(first));
      harness.processElement(new StreamRecord<>(first));
      harness.processElement(
          new StreamRecord<>(
              chunk(
                  "repeat",
                  1,
                  CHUNK_BYTES,
                  "audio/wav",
                  java.util.Arrays.copyOfRange(wav, CHUNK_BYTES, wav.length),
                  true)));

      List<AudioPiece> pieces = harness.extractOutputValues();
      assertThat(pieces).extracting(AudioPiece::index).doesNotHaveDuplicates();
      AudioPiece end = pieces.get(pieces.size() - 1);
      assertThat(end.kind()).isEqualTo(AudioPiece.Kind.END);
      assertThat((double) end.endMs()).isCloseTo(70_000.0, within(50.0));
      List<Long> received =
          harness.getSideOutput(DecodeAudio.PROGRESS).stream()
              .map(record -> ((Progress) record.getValue()).done())
              .toList();
      assertThat(received).hasSize(2).isSorted();
      assertThat(received.get(1)).isEqualTo(end.endMs());
    }
  }

  @Test
  void shouldEndSilenceWithoutSpeech() throws Exception {
    Bursts silence = new Bursts(RATE * 2 * 20L, 0f);
    try (var harness = harness(null)) {
      harness.processElement(
          new StreamRecord<>(
              chunk("silence", 0, 0, "audio/wav", silence.next(Integer.MAX_VALUE), true)));

      assertThat(harness.extractOutputValues())
          .singleElement()
          .satisfies(
              end -> {
                assertThat(end.kind()).isEqualTo(AudioPiece.Kind.END);
                assertThat(end.index()).isZero();
              });
    }
  }

  @Test
  void shouldGiveAReasonForAudioThatCannotBeDecoded() throws Exception {
    byte[] garbage = new byte[300_000];
    new Random(3).nextBytes(garbage);
    try (var harness = harness(null)) {
      harness.processElement(
          new StreamRecord<>(chunk("garbage", 0, 0, "audio/mpeg", garbage, false)));
      harness.processElement(
          new StreamRecord<>(chunk("garbage", 1, garbage.length, "audio/mpeg", new byte[0], true)));
      harness.processElement(
          new StreamRecord<>(chunk("unsupported", 0, 0, "text/plain", garbage, true)));

      List<AudioPiece> pieces = harness.extractOutputValues();
      assertThat(pieces)
          .hasSize(2)
          .allSatisfy(
              piece -> {
                assertThat(piece.kind()).isEqualTo(AudioPiece.Kind.UNREADABLE);
                assertThat(piece.failure()).isNotBlank();
              });
    }
  }

  @Test
  void shouldFailAMissingChunk() throws Exception {
    byte[] wav = new Bursts(RATE * 2 * 40L).next(Integer.MAX_VALUE);
    try (var harness = harness(null)) {
      harness.processElement(
          new StreamRecord<>(
              chunk("gap", 0, 0, "audio/wav", java.util.Arrays.copyOf(wav, 1000), false)));
      harness.processElement(
          new StreamRecord<>(
              chunk("gap", 2, 2000, "audio/wav", java.util.Arrays.copyOf(wav, 1000), true)));

      AudioPiece failed =
          harness.extractOutputValues().get(harness.extractOutputValues().size() - 1);
      assertThat(failed.kind()).isEqualTo(AudioPiece.Kind.UNREADABLE);
      assertThat(failed.failure()).contains("chunk 1", "never arrived");
    }
  }

  @Test
  void shouldEndACallInterruptedByARestartWithAReason() throws Exception {
    byte[] wav = new Bursts(RATE * 2 * 40L).next(Integer.MAX_VALUE);
    OperatorSubtaskState snapshot;
    try (var harness = harness(null)) {
      harness.processElement(
          new StreamRecord<>(
              chunk(
                  "restart", 0, 0, "audio/wav", java.util.Arrays.copyOf(wav, CHUNK_BYTES), false)));
      snapshot = harness.snapshot(1, 1);
    }
    try (var restored = harness(snapshot)) {
      restored.processElement(
          new StreamRecord<>(
              chunk(
                  "restart",
                  1,
                  CHUNK_BYTES,
                  "audio/wav",
                  java.util.Arrays.copyOfRange(wav, CHUNK_BYTES, wav.length),
                  true)));

      AudioPiece failed = restored.extractOutputValues().get(0);
      assertThat(failed.kind()).isEqualTo(AudioPiece.Kind.UNREADABLE);
      assertThat(failed.failure()).contains("restart", "upload the audio again");
    }
  }

  private static KeyedOneInputStreamOperatorTestHarness<String, AudioChunk, AudioPiece> harness(
      OperatorSubtaskState snapshot) throws Exception {
    var harness =
        new KeyedOneInputStreamOperatorTestHarness<>(
            new KeyedProcessOperator<>(new DecodeAudio(KEYS.settings(), MAX_PIECE_MS)),
            AudioChunk::callId,
            Types.STRING);
    if (snapshot != null) {
      harness.initializeState(snapshot);
    }
    harness.open();
    return harness;
  }

  private static AudioChunk chunk(
      String callId, long sequence, long offset, String contentType, byte[] bytes, boolean last) {
    return new AudioChunk(
        Ids.deterministic("audio-chunk", callId, offset),
        WS,
        callId,
        Instant.now(),
        sequence,
        offset,
        contentType,
        Ciphertext.of(KEYS.cipher().encrypt(WS, callId, Field.AUDIO, bytes)),
        last);
  }

  private static long usedHeapAfterGc() {
    for (int i = 0; i < 3; i++) {
      System.gc();
    }
    return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
  }

  /**
   * A 16 kHz mono 16-bit WAV made on the fly, chunk by chunk: 2.4 s bursts of a 220 Hz tone with
   * its harmonics, each followed by 0.6 s of silence.
   */
  private static final class Bursts {
    private final long dataBytes;
    private final float amplitude;
    private long written = -44;

    Bursts(long dataBytes) {
      this(dataBytes, 0.3f);
    }

    Bursts(long dataBytes, float amplitude) {
      this.dataBytes = dataBytes;
      this.amplitude = amplitude;
    }

    long totalBytes() {
      return dataBytes + 44;
    }

    byte[] next(int max) {
      int size = (int) Math.min(max, totalBytes() - (written + 44));
      ByteBuffer out = ByteBuffer.allocate(size).order(ByteOrder.LITTLE_ENDIAN);
      if (written < 0) {
        out.put("RIFF".getBytes()).putInt((int) (dataBytes + 36)).put("WAVE".getBytes());
        out.put("fmt ".getBytes()).putInt(16).putShort((short) 1).putShort((short) 1);
        out.putInt(RATE).putInt(RATE * 2).putShort((short) 2).putShort((short) 16);
        out.put("data".getBytes()).putInt((int) Math.min(dataBytes, 0xFFFFFFFFL));
        written = 0;
      }
      while (out.hasRemaining()) {
        long sample = written / 2;
        double t = (double) sample / RATE;
        boolean speaking = (sample % (RATE * 3)) < RATE * 2.4;
        double value =
            speaking
                ? amplitude
                    * (Math.sin(2 * Math.PI * 220 * t) + 0.5 * Math.sin(2 * Math.PI * 440 * t))
                    / 1.5
                : 0;
        out.putShort((short) Math.round(value * 32767));
        written += 2;
      }
      return out.array();
    }
  }
}
