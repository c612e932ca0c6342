package io.callstream.audio;

/**
 * How uncompressed samples are laid out in bytes: interleaved frames of {@code channels} samples of
 * {@code bytesPerSample} bytes each, at {@code sampleRate} frames per second.
 */
record SampleFormat(
    int sampleRate, int channels, int bytesPerSample, Encoding encoding, boolean bigEndian) {

  /** The number encoding of one sample. */
  enum Encoding {
    /** Unsigned integer with an offset of half the range (WAV's 8-bit PCM). */
    UNSIGNED_INT,
    /** Two's complement integer. */
    SIGNED_INT,
    /** IEEE 754 float (4 bytes) or double (8 bytes). */
    FLOAT
  }

  /** The most channels accepted: more is a corrupt header, not a recording. */
  static final int MAX_CHANNELS = 64;

  SampleFormat {
    if (sampleRate <= 0 || sampleRate > 1_000_000) {
      throw new IllegalArgumentException("sampleRate must be in 1..1000000 Hz: " + sampleRate);
    }
    if (channels <= 0 || channels > MAX_CHANNELS) {
      throw new IllegalArgumentException(
          "channels must be in 1.." + MAX_CHANNELS + ": " + channels);
    }
    boolean valid =
        switch (encoding) {
          case UNSIGNED_INT -> bytesPerSample == 1;
          case SIGNED_INT -> bytesPerSample >= 1 && bytesPerSample <= 4;
          case FLOAT -> bytesPerSample == 4 || bytesPerSample == 8;
        };
    if (!valid) {
      throw new IllegalArgumentException(
          "no " + encoding + " samples of " + bytesPerSample + " bytes");
    }
  }

  /** Bytes of one frame: one sample of every channel. */
  int frameBytes() {
    return channels * bytesPerSample;
  }

  /** Decodes {@code frames} frames from {@code data[offset..]} into {@code [channel][frame]}. */
  float[][] decode(byte[] data, int offset, int frames) {
    float[][] out = new float[channels][frames];
    int pos = offset;
    for (int f = 0; f < frames; f++) {
      for (int c = 0; c < channels; c++) {
        out[c][f] = sampleAt(data, pos);
        pos += bytesPerSample;
      }
    }
    return out;
  }

  private float sampleAt(byte[] data, int pos) {
    if (encoding == Encoding.UNSIGNED_INT) {
      return ((data[pos] & 0xff) - 128) / 128f;
    }
    long v = 0;
    for (int i = 0; i < bytesPerSample; i++) {
      int b = data[pos + (bigEndian ? i : bytesPerSample - 1 - i)] & 0xff;
      v = (v << 8) | b;
    }
    if (encoding == Encoding.FLOAT) {
      double x = bytesPerSample == 4 ? Float.intBitsToFloat((int) v) : Double.longBitsToDouble(v);
      // clip, and make NaN silence: a float file may hold anything
      return x >= -1 && x <= 1 ? (float) x : x > 1 ? 1f : x < -1 ? -1f : 0f;
    }
    int bits = bytesPerSample * 8;
    v = (v << (64 - bits)) >> (64 - bits);
    return (float) (v / (double) (1L << (bits - 1)));
  }
}
