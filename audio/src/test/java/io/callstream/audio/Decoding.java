package io.callstream.audio;

import io.callstream.audio.AudioFixtures.Span;
import java.util.ArrayList;
import java.util.List;

/** Test helpers that drive a {@link StreamDecoder} and look at what comes out. */
final class Decoding {

  private Decoding() {}

  /**
   * Pushes {@code bytes} in pieces whose sizes cycle through {@code pieceSizes}, polls between
   * pushes, finishes and closes; returns every channel's samples end to end.
   */
  static float[][] decode(String contentType, byte[] bytes, int... pieceSizes)
      throws AudioFormatException {
    try (StreamDecoder decoder = StreamDecoder.forContentType(contentType)) {
      List<float[][]> blocks = new ArrayList<>();
      int pos = 0;
      for (int i = 0; pos < bytes.length; i++) {
        int n = Math.min(pieceSizes[i % pieceSizes.length], bytes.length - pos);
        byte[] piece = new byte[n];
        System.arraycopy(bytes, pos, piece, 0, n);
        pos += n;
        blocks.addAll(decoder.push(piece));
        blocks.addAll(decoder.poll());
      }
      blocks.addAll(decoder.finish());
      return join(blocks);
    }
  }

  /** The blocks' channels end to end; checks every block has the same channels and lengths. */
  static float[][] join(List<float[][]> blocks) {
    if (blocks.isEmpty()) {
      return new float[0][];
    }
    int channels = blocks.get(0).length;
    List<List<float[]>> parts = new ArrayList<>();
    for (int c = 0; c < channels; c++) {
      parts.add(new ArrayList<>());
    }
    for (float[][] block : blocks) {
      if (block.length != channels) {
        throw new AssertionError("block with " + block.length + " channels, not " + channels);
      }
      for (int c = 0; c < channels; c++) {
        if (block[c].length != block[0].length) {
          throw new AssertionError("channels of one block differ in length");
        }
        parts.get(c).add(block[c]);
      }
    }
    float[][] out = new float[channels][];
    for (int c = 0; c < channels; c++) {
      out[c] = AudioFixtures.concat(parts.get(c));
    }
    return out;
  }

  /** Duration in ms of 16 kHz samples. */
  static double durationMs(float[] samples) {
    return samples.length * 1000.0 / Pcm.SAMPLE_RATE;
  }

  /**
   * Where {@link VoiceActivity} hears speech in 16 kHz samples, pauses shorter than {@code
   * minPauseMs} bridged (so commas inside a sentence do not split it).
   */
  static List<Span> speech(float[] samples, int minPauseMs) {
    VoiceActivity vad = new VoiceActivity();
    List<Span> spans = new ArrayList<>();
    double start = -1;
    double lastSpeechEnd = -1;
    int frames = samples.length / VoiceActivity.FRAME_SAMPLES;
    for (int f = 0; f < frames; f++) {
      boolean speech = vad.isSpeech(samples, f * VoiceActivity.FRAME_SAMPLES);
      double t = f * (double) VoiceActivity.FRAME_MS;
      if (speech) {
        if (start < 0) {
          start = t;
        } else if (t - lastSpeechEnd >= minPauseMs) {
          spans.add(new Span(start, lastSpeechEnd));
          start = t;
        }
        lastSpeechEnd = t + VoiceActivity.FRAME_MS;
      }
    }
    if (start >= 0) {
      spans.add(new Span(start, lastSpeechEnd));
    }
    return spans;
  }

  /** A mono mix of the channels. */
  static float[] mono(float[][] channels) {
    float[] out = new float[channels[0].length];
    for (float[] channel : channels) {
      for (int i = 0; i < out.length; i++) {
        out[i] += channel[i] / channels.length;
      }
    }
    return out;
  }
}
