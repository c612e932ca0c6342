package io.callstream.audio;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class WavStreamDecoderTest {

  private static final float[] SPEECH =
      AudioFixtures.speak(AudioFixtures.SENTENCES.get(2)).samples();
  private static final int SPEECH_RATE = 22_050;

  @Test
  void shouldDecodeWavPushedByteByByteExactlyAsPushedWhole() throws Exception {
    byte[] wav = stereoWav(16);

    float[][] whole = Decoding.decode("audio/wav", wav, wav.length);
    float[][] byteByByte = Decoding.decode("audio/wav", wav, 1);

    assertThat(whole).hasNumberOfRows(2);
    assertThat(Decoding.durationMs(whole[0]))
        .isCloseTo(SPEECH.length * 1000.0 / SPEECH_RATE, within(1.0));
    assertThat(byteByByte[0]).isEqualTo(whole[0]);
    assertThat(byteByByte[1]).isEqualTo(whole[1]);
  }

  @ParameterizedTest
  @ValueSource(ints = {8, 16, 24, 32})
  void shouldDecodeIntegerPcmAsThePullDecoderDoes(int bits) throws Exception {
    byte[] wav = stereoWav(bits);

    float[][] pushed = Decoding.decode("audio/wav", wav, 7 * 1024 + 3);

    List<float[]> left = new ArrayList<>();
    List<float[]> right = new ArrayList<>();
    try (ChannelPcmSource source = ChannelPcmSource.open(new ByteArrayInputStream(wav), 0)) {
      Pcm[] blocks;
      while ((blocks = source.read()) != null) {
        left.add(blocks[0].samples());
        right.add(blocks[1].samples());
      }
    }
    assertThat(pushed[0]).isEqualTo(AudioFixtures.concat(left));
    assertThat(pushed[1]).isEqualTo(AudioFixtures.concat(right));
  }

  @Test
  void shouldDecodeStreamedWavWhoseSizesAreUnknown() throws Exception {
    byte[] wav = stereoWav(16);
    byte[] streamed = wav.clone();
    ByteBuffer header = ByteBuffer.wrap(streamed).order(ByteOrder.LITTLE_ENDIAN);
    header.putInt(4, 0xFFFF_FFFF);
    header.putInt(dataSizeOffset(wav), 0xFFFF_FFFF);
    byte[] zeroSized = wav.clone();
    ByteBuffer.wrap(zeroSized).order(ByteOrder.LITTLE_ENDIAN).putInt(dataSizeOffset(wav), 0);

    float[][] expected = Decoding.decode("audio/wav", wav, wav.length);

    assertThat(Decoding.decode("audio/wav", streamed, 4096)[0]).isEqualTo(expected[0]);
    assertThat(Decoding.decode("audio/x-wav", zeroSized, 4096)[1]).isEqualTo(expected[1]);
  }

  @Test
  void shouldDecodeFloatWavPlainAndExtensible() throws Exception {
    float[] sine = AudioFixtures.sine(440, 0.5, Pcm.SAMPLE_RATE, 8_000);
    ByteBuffer data = ByteBuffer.allocate(sine.length * 4).order(ByteOrder.LITTLE_ENDIAN);
    for (float s : sine) {
      data.putFloat(s);
    }

    float[][] plain = Decoding.decode("audio/wav", wav(3, 1, 16_000, 32, data.array(), -1), 999);
    float[][] extensible =
        Decoding.decode("audio/wave", wav(0xFFFE, 1, 16_000, 32, data.array(), 3), 999);

    assertThat(plain[0]).isEqualTo(sine);
    assertThat(extensible[0]).isEqualTo(sine);
  }

  @Test
  void shouldSkipOtherChunksWithTheirPadding() throws Exception {
    byte[] wav = stereoWav(16);
    int data = dataSizeOffset(wav) - 4;
    ByteArrayOutputStream padded = new ByteArrayOutputStream();
    padded.write(wav, 0, data);
    padded.write(chunk("LIST", new byte[5])); // odd size: one pad byte follows
    padded.write(wav, data, wav.length - data);
    padded.write(chunk("id3 ", new byte[40])); // metadata after the samples

    float[][] expected = Decoding.decode("audio/wav", wav, wav.length);

    assertThat(Decoding.decode("audio/wav", padded.toByteArray(), 3)[0]).isEqualTo(expected[0]);
  }

  @Test
  void shouldRejectAWavWithABogusFmt() {
    byte[] noChannels = wav(1, 0, 16_000, 16, new byte[320], -1);
    byte[] badAlign = wav(1, 2, 16_000, 16, new byte[320], -1);
    ByteBuffer.wrap(badAlign).order(ByteOrder.LITTLE_ENDIAN).putShort(32, (short) 3);

    assertThatThrownBy(() -> Decoding.decode("audio/wav", noChannels, 64))
        .isInstanceOf(AudioFormatException.class)
        .hasMessage("the WAV header declares 0 channels");
    assertThatThrownBy(() -> Decoding.decode("audio/wav", badAlign, 64))
        .isInstanceOf(AudioFormatException.class)
        .hasMessage(
            "the WAV header is inconsistent: 2 channels of 16-bit samples but 3 bytes per frame");
  }

  @Test
  void shouldRejectAWavThatEndsInsideItsHeader() {
    byte[] cut = Arrays.copyOf(stereoWav(16), 30);

    assertThatThrownBy(() -> Decoding.decode("audio/wav", cut, 7))
        .isInstanceOf(AudioFormatException.class)
        .hasMessage("the WAV file ends inside its header");
  }

  @Test
  void shouldRejectAWavCutShortOfItsDeclaredData() {
    byte[] wav = stereoWav(16);
    byte[] cut = Arrays.copyOf(wav, wav.length - 1000);

    assertThatThrownBy(() -> Decoding.decode("audio/wav", cut, 4096))
        .isInstanceOf(AudioFormatException.class)
        .hasMessage(
            "the WAV file is cut short: 1000 bytes of its declared audio data never arrived");
  }

  @Test
  void shouldRejectSamplesBeforeTheFormatAndAnEmptyStream() {
    ByteArrayOutputStream noFmt = new ByteArrayOutputStream();
    noFmt.writeBytes("RIFF".getBytes(StandardCharsets.US_ASCII));
    noFmt.writeBytes(new byte[] {100, 0, 0, 0});
    noFmt.writeBytes("WAVE".getBytes(StandardCharsets.US_ASCII));
    noFmt.writeBytes(chunk("data", new byte[64]));

    assertThatThrownBy(() -> Decoding.decode("audio/wav", noFmt.toByteArray(), 10))
        .isInstanceOf(AudioFormatException.class)
        .hasMessage("the WAV data chunk comes before its fmt chunk");
    assertThatThrownBy(() -> Decoding.decode("audio/wav", new byte[0], 10))
        .isInstanceOf(AudioFormatException.class)
        .hasMessage("the audio stream is empty");
  }

  @Test
  void shouldNameAnEncodingItLeavesToFfmpegWhenStrict() {
    byte[] muLaw = wav(7, 1, 8_000, 8, new byte[800], -1);
    WavStreamDecoder strict = WavStreamDecoder.strict();

    assertThatThrownBy(() -> strict.push(muLaw))
        .isInstanceOf(AudioFormatException.class)
        .hasMessage(
            "the WAV file's encoding mu-law (0x0007) is not decoded here: only integer and"
                + " float PCM are");
  }

  private static byte[] stereoWav(int bits) {
    float[] quiet = new float[SPEECH.length];
    for (int i = 0; i < quiet.length; i++) {
      quiet[i] = SPEECH[quiet.length - 1 - i] * 0.3f;
    }
    return AudioFixtures.wav(new float[][] {SPEECH, quiet}, SPEECH_RATE, bits);
  }

  /** Offset of the data chunk's size field. */
  private static int dataSizeOffset(byte[] wav) {
    String text = new String(wav, 0, Math.min(wav.length, 200), StandardCharsets.ISO_8859_1);
    return text.indexOf("data") + 4;
  }

  private static byte[] chunk(String id, byte[] body) {
    ByteBuffer b =
        ByteBuffer.allocate(8 + body.length + (body.length & 1)).order(ByteOrder.LITTLE_ENDIAN);
    b.put(id.getBytes(StandardCharsets.US_ASCII)).putInt(body.length).put(body);
    return b.array();
  }

  /** A WAV by hand; {@code subFormat} >= 0 makes it WAVE_FORMAT_EXTENSIBLE with that sub-format. */
  static byte[] wav(int tag, int channels, int rate, int bits, byte[] data, int subFormat) {
    int fmtSize = subFormat >= 0 ? 40 : 16;
    ByteBuffer b =
        ByteBuffer.allocate(20 + fmtSize + 8 + data.length).order(ByteOrder.LITTLE_ENDIAN);
    b.put("RIFF".getBytes(StandardCharsets.US_ASCII)).putInt(12 + fmtSize + data.length);
    b.put("WAVEfmt ".getBytes(StandardCharsets.US_ASCII)).putInt(fmtSize);
    b.putShort((short) tag).putShort((short) channels).putInt(rate);
    b.putInt(rate * channels * bits / 8).putShort((short) (channels * bits / 8));
    b.putShort((short) bits);
    if (subFormat >= 0) {
      b.putShort((short) 22).putShort((short) bits).putInt(0); // cbSize, valid bits, channel mask
      b.putShort((short) subFormat).put(new byte[14]); // the GUID's first two bytes are the tag
    }
    b.put("data".getBytes(StandardCharsets.US_ASCII)).putInt(data.length).put(data);
    return b.array();
  }
}
