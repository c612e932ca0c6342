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
public final class AudioFixtures {

  public static final String ESPEAK = "espeak-ng";

  /** A span of call time in milliseconds. */
  public record Span(double startMs, double endMs) {
    public boolean contains(double ms) {
      return ms > startMs && ms < endMs;
    }
  }

  /** A synthesised call: its WAV bytes, where the sentences are and where the pauses are. */
  public record Call(
      byte[] wav, int sampleRate, List<Span> speech, List<Span> pauses, double durationMs) {}

  private AudioFixtures() {}

  /** Speech for {@code text} from espeak-ng, with its leading and trailing silence trimmed. */
  public static Mono speak(String text) {
    return speak(text, DEFAULT_VOICE);
  }

  /** Speech for {@code text} in an espeak-ng voice (e.g. {@code en-us+f3}), trimmed. */
  public static Mono speak(String text, String voice) {
    return SPOKEN.computeIfAbsent(voice + "\n" + text, key -> synthesise(text, voice));
  }

  public static final String DEFAULT_VOICE = "en";

  private static final Map<String, Mono> SPOKEN = new ConcurrentHashMap<>();

  private static Mono synthesise(String text, String voice) {
    Path wav;
    try {
      wav = Files.createTempFile("espeak", ".wav");
      Process p;
      try {
        p =
            new ProcessBuilder(ESPEAK, "-v", voice, "-w", wav.toString(), text)
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
  public record Mono(float[] samples, int sampleRate) {
    public double durationMs() {
      return samples.length * 1000.0 / sampleRate;
    }
  }

  /** The sentences spoken one after another with {@code pauseMs} of digital silence between. */
  public static Call call(List<String> sentences, int pauseMs, int leadMs) {
    return spoken(sentences, pauseMs, leadMs, 1);
  }

  /**
   * A stereo call: the sentences spoken in turn by two voices, the even ones by one voice on the
   * left channel, the odd ones by another on the right (the other channel silent meanwhile), with
   * {@code pauseMs} between turns.
   */
  public static Call dialogue(List<String> sentences, int pauseMs, int leadMs) {
    return spoken(sentences, pauseMs, leadMs, 2);
  }

  private static final List<String> VOICES = List.of(DEFAULT_VOICE, "en-us+f3");

  private static Call spoken(List<String> sentences, int pauseMs, int leadMs, int channels) {
    List<List<float[]>> parts = new ArrayList<>();
    for (int c = 0; c < channels; c++) {
      parts.add(new ArrayList<>());
    }
    List<Span> speech = new ArrayList<>();
    List<Span> pauses = new ArrayList<>();
    int rate = 0;
    double t = leadMs;
    for (int i = 0; i < sentences.size(); i++) {
      Mono m = speak(sentences.get(i), VOICES.get(i % channels));
      rate = m.sampleRate();
      float[] gap = new float[rate * (i == 0 ? leadMs : pauseMs) / 1000];
      if (i > 0) {
        pauses.add(new Span(t, t + pauseMs));
        t += pauseMs;
      }
      for (int c = 0; c < channels; c++) {
        parts.get(c).add(gap);
        parts.get(c).add(c == i % channels ? m.samples() : new float[m.samples().length]);
      }
      speech.add(new Span(t, t + m.durationMs()));
      t += m.durationMs();
    }
    float[][] all = new float[channels][];
    for (int c = 0; c < channels; c++) {
      parts.get(c).add(new float[rate * leadMs / 1000]);
      all[c] = concat(parts.get(c));
    }
    return new Call(wav(all, rate, 16), rate, speech, pauses, all[0].length * 1000.0 / rate);
  }

  /** Sentences spoken in turn until the speech with pauses lasts at least {@code minMs}. */
  public static List<String> sentencesLasting(double minMs, int pauseMs) {
    List<String> out = new ArrayList<>();
    double total = 0;
    for (int i = 0; total < minMs; i++) {
      String s = SENTENCES.get(i % SENTENCES.size());
      out.add(s);
      total += speak(s).durationMs() + pauseMs;
    }
    return out;
  }

  public static final List<String> SENTENCES =
      List.of(
          "Thank you for calling, my name is Anna, how can I help you today?",
          "I would like to change the delivery address of my last order.",
          "Of course, could you please tell me the order number?",
          "The order number is four seven one one, placed on Monday.",
          "Thank you, I have updated the address, anything else I can do for you?",
          "No, that was all, thank you very much and have a nice day.");

  /** Little-endian integer PCM WAV bytes of the channels at {@code bits} per sample. */
  public static byte[] wav(float[][] channels, int rate, int bits) {
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
  public static float[] sine(double hz, double amp, int rate, int samples) {
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

  /**
   * Runs the FFmpeg this module decodes with on {@code input} (a file with extension {@code inExt})
   * and returns the file it writes with extension {@code outExt}: {@code ffmpeg -i in <args> out}.
   */
  public static byte[] ffmpeg(byte[] input, String inExt, String outExt, String... args) {
    return inTempDir(
        dir -> {
          Path in = dir.resolve("in." + inExt);
          Files.write(in, input);
          List<String> all = new ArrayList<>(List.of("-i", in.toString()));
          all.addAll(List.of(args));
          return runFfmpeg(all, dir.resolve("out." + outExt));
        });
  }

  /** FFmpeg making media from its lavfi sources alone, e.g. a video without sound. */
  public static byte[] ffmpegGenerate(String outExt, String... args) {
    return inTempDir(dir -> runFfmpeg(List.of(args), dir.resolve("out." + outExt)));
  }

  private interface InDir {
    byte[] run(Path dir) throws IOException, InterruptedException;
  }

  private static byte[] inTempDir(InDir body) {
    Path dir = null;
    try {
      dir = Files.createTempDirectory("ffmpeg-fixture");
      return body.run(dir);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    } finally {
      if (dir != null) {
        try (var files = Files.list(dir)) {
          for (Path f : files.toList()) {
            Files.delete(f);
          }
          Files.delete(dir);
        } catch (IOException e) {
          // a leftover temp file does not fail a test
        }
      }
    }
  }

  private static byte[] runFfmpeg(List<String> args, Path out)
      throws IOException, InterruptedException {
    List<String> command =
        new ArrayList<>(
            List.of(
                FfmpegBinary.path().toString(), "-hide_banner", "-nostdin", "-loglevel", "error"));
    command.addAll(args);
    command.add(out.toString());
    Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
    String log = new String(p.getInputStream().readAllBytes());
    if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
      fail("ffmpeg %s failed: %s", command, log);
    }
    return Files.readAllBytes(out);
  }

  public static float[] concat(List<float[]> parts) {
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
