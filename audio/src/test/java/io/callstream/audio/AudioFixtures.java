package io.callstream.audio;

import static org.assertj.core.api.Assertions.fail;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import javax.sound.sampled.AudioFileFormat;
import javax.sound.sampled.AudioFormat;
import javax.sound.sampled.AudioInputStream;
import javax.sound.sampled.AudioSystem;

/** Test audio: speech synthesised with espeak-ng at test time, tones, silences and WAV bytes. */
final class AudioFixtures {

  static final String ESPEAK = "espeak-ng";

  /** A span of call time in milliseconds. */
  record Span(double startMs, double endMs) {
    boolean contains(double ms) {
      return ms > startMs && ms < endMs;
    }
  }

  /** A synthesised call: its WAV bytes, where the sentences are and where the pauses are. */
  record Call(
      byte[] wav, int sampleRate, List<Span> speech, List<Span> pauses, double durationMs) {}

  private AudioFixtures() {}

  /** Speech for {@code text} from espeak-ng, with its leading and trailing silence trimmed. */
  static Mono speak(String text) {
    return SPOKEN.computeIfAbsent(text, AudioFixtures::synthesise);
  }

  private static final Map<String, Mono> SPOKEN = new ConcurrentHashMap<>();

  private static Mono synthesise(String text) {
    Path wav;
    try {
      wav = Files.createTempFile("espeak", ".wav");
      Process p;
      try {
        p =
            new ProcessBuilder(ESPEAK, "-w", wav.toString(), text)
                .redirectErrorStream(true)
                .start();
      } catch (IOException e) {
        throw new AssertionError(
            "espeak-ng is needed to synthesise test speech but could not be run; install it"
                + " (Debian/Ubuntu: apt-get install espeak-ng): "
                + e.getMessage(),
            e);
      }
      if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
        fail(
            "espeak-ng failed for \"%s\": %s", text, new String(p.getInputStream().readAllBytes()));
      }
      try (WavDecoder decoder = WavDecoder.open(Files.newInputStream(wav))) {
        List<float[]> blocks = new ArrayList<>();
        float[][] block;
        while ((block = decoder.read()) != null) {
          blocks.add(block[0]);
        }
        return new Mono(trim(concat(blocks)), decoder.sampleRate());
      } finally {
        Files.deleteIfExists(wav);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }

  /** Mono samples at a rate. */
  record Mono(float[] samples, int sampleRate) {
    double durationMs() {
      return samples.length * 1000.0 / sampleRate;
    }
  }

  /** The sentences spoken one after another with {@code pauseMs} of digital silence between. */
  static Call call(List<String> sentences, int pauseMs, int leadMs) {
    List<float[]> parts = new ArrayList<>();
    List<Span> speech = new ArrayList<>();
    List<Span> pauses = new ArrayList<>();
    int rate = 0;
    double t = leadMs;
    for (int i = 0; i < sentences.size(); i++) {
      Mono m = speak(sentences.get(i));
      rate = m.sampleRate();
      if (i == 0) {
        parts.add(new float[rate * leadMs / 1000]);
      } else {
        parts.add(new float[rate * pauseMs / 1000]);
        pauses.add(new Span(t, t + pauseMs));
        t += pauseMs;
      }
      parts.add(m.samples());
      speech.add(new Span(t, t + m.durationMs()));
      t += m.durationMs();
    }
    parts.add(new float[rate * leadMs / 1000]);
    float[] all = concat(parts);
    return new Call(
        wav(new float[][] {all}, rate, 16), rate, speech, pauses, all.length * 1000.0 / rate);
  }

  /** Sentences spoken in turn until the speech with pauses lasts at least {@code minMs}. */
  static List<String> sentencesLasting(double minMs, int pauseMs) {
    List<String> out = new ArrayList<>();
    double total = 0;
    for (int i = 0; total < minMs; i++) {
      String s = SENTENCES.get(i % SENTENCES.size());
      out.add(s);
      total += speak(s).durationMs() + pauseMs;
    }
    return out;
  }

  static final List<String> SENTENCES =
      List.of(
          "Thank you for calling, my name is Anna, how can I help you today?",
          "I would like to change the delivery address of my last order.",
          "Of course, could you please tell me the order number?",
          "The order number is four seven one one, placed on Monday.",
          "Thank you, I have updated the address, anything else I can do for you?",
          "No, that was all, thank you very much and have a nice day.");

  /** Little-endian integer PCM WAV bytes of the channels at {@code bits} per sample. */
  static byte[] wav(float[][] channels, int rate, int bits) {
    int bytes = bits / 8;
    int frames = channels[0].length;
    byte[] data = new byte[frames * channels.length * bytes];
    int pos = 0;
    for (int f = 0; f < frames; f++) {
      for (float[] channel : channels) {
        long max = (1L << (bits - 1)) - 1;
        long v = Math.round(Math.max(-1, Math.min(1, channel[f])) * max);
        if (bits == 8) {
          v += 128; // WAV stores 8-bit samples unsigned
        }
        for (int b = 0; b < bytes; b++) {
          data[pos++] = (byte) (v >> (8 * b));
        }
      }
    }
    AudioFormat format =
        new AudioFormat(
            bits == 8 ? AudioFormat.Encoding.PCM_UNSIGNED : AudioFormat.Encoding.PCM_SIGNED,
            rate,
            bits,
            channels.length,
            bytes * channels.length,
            rate,
            false);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (AudioInputStream in =
        new AudioInputStream(new ByteArrayInputStream(data), format, frames)) {
      AudioSystem.write(in, AudioFileFormat.Type.WAVE, out);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toByteArray();
  }

  /** A sine of {@code hz} at amplitude {@code amp}. */
  static float[] sine(double hz, double amp, int rate, int samples) {
    float[] out = new float[samples];
    for (int i = 0; i < samples; i++) {
      out[i] = (float) (amp * Math.sin(2 * Math.PI * hz * i / rate));
    }
    return out;
  }

  /** Decodes a WAV into 16 kHz mono and feeds every block to the sink. */
  static void decodeTo16kMono(InputStream in, Consumer<Pcm> sink) throws IOException {
    try (MonoPcmSource source = MonoPcmSource.open(in, 0)) {
      Pcm pcm;
      while ((pcm = source.read()) != null) {
        sink.accept(pcm);
      }
    }
  }

  static float[] concat(List<float[]> parts) {
    int n = parts.stream().mapToInt(p -> p.length).sum();
    float[] out = new float[n];
    int pos = 0;
    for (float[] p : parts) {
      System.arraycopy(p, 0, out, pos, p.length);
      pos += p.length;
    }
    return out;
  }

  private static float[] trim(float[] s) {
    int from = 0;
    int to = s.length;
    while (from < to && Math.abs(s[from]) < 0.01f) {
      from++;
    }
    while (to > from && Math.abs(s[to - 1]) < 0.01f) {
      to--;
    }
    float[] out = new float[to - from];
    System.arraycopy(s, from, out, 0, out.length);
    return out;
  }
}
