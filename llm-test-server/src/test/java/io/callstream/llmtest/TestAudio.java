package io.callstream.llmtest;

import static org.assertj.core.api.Assertions.fail;

import io.callstream.audio.WavDecoder;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.sound.sampled.AudioFileFormat;
import javax.sound.sampled.AudioFormat;
import javax.sound.sampled.AudioInputStream;
import javax.sound.sampled.AudioSystem;

/**
 * Test audio: tone bursts and silences at a known place, speech from espeak-ng, and the files they
 * go up in (a 16 kHz mono WAV as the transcriber writes it, bare PCM, WAVs of other formats).
 */
final class TestAudio {

  static final int RATE = 16_000;

  private final int rate;
  private final List<float[]> parts = new ArrayList<>();
  private int length;

  private TestAudio(int rate) {
    this.rate = rate;
  }

  /** Audio at 16 kHz. */
  static TestAudio at16k() {
    return new TestAudio(RATE);
  }

  static TestAudio at(int rate) {
    return new TestAudio(rate);
  }

  TestAudio silence(int ms) {
    return add(new float[rate * ms / 1000]);
  }

  /** A voiced-sounding tone (220 Hz and its octave) at about -12 dBFS. */
  TestAudio tone(int ms) {
    float[] tone = new float[rate * ms / 1000];
    for (int i = 0; i < tone.length; i++) {
      double t = (double) (length + i) / rate;
      tone[i] =
          (float) (0.2 * Math.sin(2 * Math.PI * 220 * t) + 0.1 * Math.sin(2 * Math.PI * 440 * t));
    }
    return add(tone);
  }

  TestAudio add(float[] samples) {
    parts.add(samples.clone());
    length += samples.length;
    return this;
  }

  /** Where the audio ends so far, in seconds. */
  double seconds() {
    return (double) length / rate;
  }

  float[] samples() {
    float[] all = new float[length];
    int at = 0;
    for (float[] part : parts) {
      System.arraycopy(part, 0, all, at, part.length);
      at += part.length;
    }
    return all;
  }

  /** 16-bit little-endian PCM, no header. */
  byte[] pcm() {
    float[] samples = samples();
    ByteBuffer pcm = ByteBuffer.allocate(samples.length * 2).order(ByteOrder.LITTLE_ENDIAN);
    for (float sample : samples) {
      pcm.putShort((short) Math.round(Math.max(-1f, Math.min(1f, sample)) * 32767f));
    }
    return pcm.array();
  }

  /** The canonical 44-byte-header WAV the transcriber uploads. */
  byte[] wav() {
    byte[] pcm = pcm();
    ByteBuffer wav = ByteBuffer.allocate(44 + pcm.length).order(ByteOrder.LITTLE_ENDIAN);
    wav.put(new byte[] {'R', 'I', 'F', 'F'}).putInt(36 + pcm.length);
    wav.put(new byte[] {'W', 'A', 'V', 'E', 'f', 'm', 't', ' '});
    wav.putInt(16).putShort((short) 1).putShort((short) 1).putInt(rate).putInt(rate * 2);
    wav.putShort((short) 2).putShort((short) 16);
    wav.put(new byte[] {'d', 'a', 't', 'a'}).putInt(pcm.length).put(pcm);
    return wav.array();
  }

  /** A WAV with the same audio on two channels, as javax.sound writes it. */
  byte[] stereoWav() {
    byte[] mono = pcm();
    byte[] stereo = new byte[mono.length * 2];
    for (int i = 0; i < mono.length; i += 2) {
      System.arraycopy(mono, i, stereo, 2 * i, 2);
      System.arraycopy(mono, i, stereo, 2 * i + 2, 2);
    }
    AudioFormat format = new AudioFormat(rate, 16, 2, true, false);
    try (AudioInputStream in =
        new AudioInputStream(new ByteArrayInputStream(stereo), format, mono.length / 2)) {
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      AudioSystem.write(in, AudioFileFormat.Type.WAVE, out);
      return out.toByteArray();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * Speech for {@code text} from espeak-ng at its own rate (22,050 Hz), with the silence it adds
   * before and after trimmed, so the speech fills the samples.
   */
  static float[] speak(String text, int expectedRate) {
    try {
      Path file = Files.createTempFile("espeak", ".wav");
      try {
        Process process;
        try {
          process =
              new ProcessBuilder("espeak-ng", "-w", file.toString(), text)
                  .redirectErrorStream(true)
                  .start();
        } catch (IOException e) {
          throw new AssertionError(
              "espeak-ng is needed to synthesise test speech; install it (apt-get install"
                  + " espeak-ng): "
                  + e.getMessage(),
              e);
        }
        if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
          fail("espeak-ng failed for \"%s\"", text);
        }
        try (WavDecoder decoder = WavDecoder.open(Files.newInputStream(file))) {
          if (decoder.sampleRate() != expectedRate) {
            fail("espeak-ng wrote %d Hz, expected %d Hz", decoder.sampleRate(), expectedRate);
          }
          TestAudio audio = at(expectedRate);
          for (float[][] block = decoder.read(); block != null; block = decoder.read()) {
            audio.add(block[0]);
          }
          return trim(audio.samples());
        }
      } finally {
        Files.deleteIfExists(file);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError("interrupted", e);
    }
  }

  private static float[] trim(float[] samples) {
    int from = 0;
    while (from < samples.length && Math.abs(samples[from]) < 0.01f) {
      from++;
    }
    int to = samples.length;
    while (to > from && Math.abs(samples[to - 1]) < 0.01f) {
      to--;
    }
    float[] trimmed = new float[to - from];
    System.arraycopy(samples, from, trimmed, 0, trimmed.length);
    return trimmed;
  }
}
