package io.callstream.bench;

import io.callstream.audio.Resampler;
import io.callstream.audio.WavDecoder;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.RandomAccessFile;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;

/**
 * A two-party call of speech-like audio for the audio benchmarks, written as a 44.1 kHz stereo WAV
 * (agent left, customer right, as call recorders keep them) and a 16 kHz mono WAV (the two mixed):
 * turns of sentences spoken by espeak-ng (two voices) with pauses of 0.3 to 2 s between them, or,
 * where espeak-ng cannot be run, turns of syllable-shaped harmonic tone bursts with the same
 * pauses. Made at 22,050 Hz (espeak-ng's rate) and resampled with our {@link Resampler}, turn by
 * turn, so memory stays small.
 *
 * @param stereo44k the 44.1 kHz stereo file
 * @param mono16k the 16 kHz mono file
 * @param seconds the length of the call
 * @param source what made the speech: {@code "espeak-ng"} or {@code "synthetic tone bursts"}
 */
record SpeechLikeAudio(Path stereo44k, Path mono16k, double seconds, String source) {

  static final int SOURCE_RATE = 22_050;

  private static final List<String> SENTENCES =
      List.of(
          "Thanks for calling, how can I help you today",
          "I would like to change the delivery date of my order",
          "Let me pull up your account, one moment please",
          "The parcel was supposed to arrive last Tuesday",
          "I can see it left our warehouse on Monday morning",
          "Could you send me a tracking link by email",
          "We will refund the shipping costs for the delay",
          "That sounds fair, thank you for sorting it out",
          "Is there anything else I can help you with",
          "Yes, I also want to upgrade my plan next month",
          "The premium plan includes priority support and reports",
          "Great, please book a demo for Friday afternoon");

  /** Makes about {@code seconds} of call in {@code directory}, deterministically for a seed. */
  static SpeechLikeAudio make(double seconds, Path directory, long seed) throws IOException {
    List<List<float[]>> voices = espeakVoices();
    String source = voices == null ? "synthetic tone bursts" : "espeak-ng";
    Random random = new Random(seed);
    Path stereo = directory.resolve("call-44k-stereo.wav");
    Path mono = directory.resolve("call-16k-mono.wav");
    Resampler left = Resampler.of(SOURCE_RATE, 44_100);
    Resampler right = Resampler.of(SOURCE_RATE, 44_100);
    Resampler mixed = Resampler.of(SOURCE_RATE, 16_000);
    long made = 0;
    try (WavWriter stereoOut = WavWriter.create(stereo, 44_100, 2);
        WavWriter monoOut = WavWriter.create(mono, 16_000, 1)) {
      // the call opens with half a second of silence, as recordings do before the first word
      float[] opening = new float[SOURCE_RATE / 2];
      stereoOut.write(left.process(opening), right.process(opening));
      monoOut.write(mixed.process(opening));
      made += opening.length;
      int speaker = 0;
      while (made < seconds * SOURCE_RATE) {
        float[] turn = turn(voices, speaker, random);
        float[] silent = new float[turn.length];
        float[] l = left.process(speaker == 0 ? turn : silent);
        float[] r = right.process(speaker == 0 ? silent : turn);
        stereoOut.write(l, r);
        monoOut.write(mixed.process(turn));
        made += turn.length;
        speaker = 1 - speaker;
      }
      stereoOut.write(left.flush(), right.flush());
      monoOut.write(mixed.flush());
    }
    return new SpeechLikeAudio(stereo, mono, (double) made / SOURCE_RATE, source);
  }

  /** One turn: 1 to 3 sentences with short pauses, then the pause before the next turn. */
  private static float[] turn(List<List<float[]>> voices, int speaker, Random random) {
    List<float[]> parts = new ArrayList<>();
    int sentences = 1 + random.nextInt(3);
    for (int s = 0; s < sentences; s++) {
      parts.add(
          voices == null
              ? syllables(speaker, random)
              : voices.get(speaker).get(random.nextInt(SENTENCES.size())));
      int pauseMs = s == sentences - 1 ? 300 + random.nextInt(1_700) : 300 + random.nextInt(500);
      parts.add(new float[SOURCE_RATE * pauseMs / 1000]);
    }
    int length = parts.stream().mapToInt(part -> part.length).sum();
    float[] turn = new float[length];
    int at = 0;
    for (float[] part : parts) {
      System.arraycopy(part, 0, turn, at, part.length);
      at += part.length;
    }
    return turn;
  }

  /** A sentence of 8 to 20 syllables: harmonic bursts of 120 to 300 ms with short gaps. */
  private static float[] syllables(int speaker, Random random) {
    double f0 = speaker == 0 ? 120 : 210;
    List<float[]> parts = new ArrayList<>();
    int count = 8 + random.nextInt(13);
    for (int i = 0; i < count; i++) {
      float[] burst = new float[SOURCE_RATE * (120 + random.nextInt(180)) / 1000];
      double pitch = f0 * (0.9 + 0.2 * random.nextDouble());
      double level = 0.1 + 0.2 * random.nextDouble();
      for (int n = 0; n < burst.length; n++) {
        double t = (double) n / SOURCE_RATE;
        double envelope = Math.sin(Math.PI * n / burst.length);
        double sum = 0;
        for (int h = 1; h <= 5; h++) {
          sum += Math.sin(2 * Math.PI * pitch * h * t) / h;
        }
        burst[n] = (float) (level * envelope * sum / 2);
      }
      parts.add(burst);
      parts.add(new float[SOURCE_RATE * (30 + random.nextInt(90)) / 1000]);
    }
    int length = parts.stream().mapToInt(part -> part.length).sum();
    float[] sentence = new float[length];
    int at = 0;
    for (float[] part : parts) {
      System.arraycopy(part, 0, sentence, at, part.length);
      at += part.length;
    }
    return sentence;
  }

  /** Every sentence in two espeak-ng voices, or {@code null} when espeak-ng cannot be run. */
  private static List<List<float[]>> espeakVoices() {
    List<List<float[]>> voices = new ArrayList<>();
    for (String pitch : List.of("35", "75")) {
      List<float[]> voice = new ArrayList<>();
      for (String sentence : SENTENCES) {
        float[] spoken = espeak(sentence, pitch);
        if (spoken == null) {
          return null;
        }
        voice.add(spoken);
      }
      voices.add(voice);
    }
    return voices;
  }

  private static float[] espeak(String text, String pitch) {
    try {
      Path file = Files.createTempFile("espeak", ".wav");
      try {
        Process process =
            new ProcessBuilder("espeak-ng", "-p", pitch, "-w", file.toString(), text)
                .redirectErrorStream(true)
                .start();
        if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
          process.destroyForcibly();
          return null;
        }
        try (WavDecoder decoder = WavDecoder.open(Files.newInputStream(file))) {
          if (decoder.sampleRate() != SOURCE_RATE || decoder.channels() != 1) {
            return null;
          }
          List<float[]> blocks = new ArrayList<>();
          for (float[][] block = decoder.read(); block != null; block = decoder.read()) {
            blocks.add(block[0]);
          }
          return trim(blocks);
        }
      } finally {
        Files.deleteIfExists(file);
      }
    } catch (IOException e) {
      return null;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return null;
    }
  }

  /** The blocks joined, without the silence espeak-ng puts before and after the speech. */
  private static float[] trim(List<float[]> blocks) {
    int length = blocks.stream().mapToInt(block -> block.length).sum();
    float[] all = new float[length];
    int at = 0;
    for (float[] block : blocks) {
      System.arraycopy(block, 0, all, at, block.length);
      at += block.length;
    }
    int from = 0;
    while (from < all.length && Math.abs(all[from]) < 0.01f) {
      from++;
    }
    int to = all.length;
    while (to > from && Math.abs(all[to - 1]) < 0.01f) {
      to--;
    }
    float[] trimmed = new float[to - from];
    System.arraycopy(all, from, trimmed, 0, trimmed.length);
    return trimmed;
  }

  /** Streams 16-bit PCM into a canonical WAV file, fixing the header's sizes on close. */
  private static final class WavWriter implements AutoCloseable {

    private final Path file;
    private final int channels;
    private final OutputStream out;
    private long dataBytes;

    private WavWriter(Path file, int channels, OutputStream out) {
      this.file = file;
      this.channels = channels;
      this.out = out;
    }

    static WavWriter create(Path file, int rate, int channels) throws IOException {
      OutputStream out = new BufferedOutputStream(Files.newOutputStream(file), 1 << 16);
      out.write(header(rate, channels, 0));
      return new WavWriter(file, channels, out);
    }

    /** Writes one block per channel, all of the same length. */
    void write(float[]... perChannel) throws IOException {
      if (perChannel.length != channels) {
        throw new IllegalArgumentException(
            "need " + channels + " channels, got " + perChannel.length);
      }
      int frames = perChannel[0].length;
      ByteBuffer bytes = ByteBuffer.allocate(frames * channels * 2).order(ByteOrder.LITTLE_ENDIAN);
      for (int i = 0; i < frames; i++) {
        for (float[] channel : perChannel) {
          float sample = Math.max(-1f, Math.min(1f, channel[i]));
          bytes.putShort((short) Math.round(sample * 32767f));
        }
      }
      out.write(bytes.array());
      dataBytes += bytes.capacity();
    }

    @Override
    public void close() throws IOException {
      out.close();
      try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "rw")) {
        raf.seek(4);
        raf.write(littleEndian((int) (36 + dataBytes)));
        raf.seek(40);
        raf.write(littleEndian((int) dataBytes));
      }
    }

    private static byte[] littleEndian(int value) {
      return ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN).putInt(value).array();
    }

    private static byte[] header(int rate, int channels, long dataBytes) {
      ByteBuffer header = ByteBuffer.allocate(44).order(ByteOrder.LITTLE_ENDIAN);
      header.put(new byte[] {'R', 'I', 'F', 'F'}).putInt((int) (36 + dataBytes));
      header.put(new byte[] {'W', 'A', 'V', 'E', 'f', 'm', 't', ' '});
      header.putInt(16).putShort((short) 1).putShort((short) channels).putInt(rate);
      header.putInt(rate * channels * 2).putShort((short) (channels * 2)).putShort((short) 16);
      header.put(new byte[] {'d', 'a', 't', 'a'}).putInt((int) dataBytes);
      return header.array();
    }
  }
}
