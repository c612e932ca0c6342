package io.callstream.audio;

/**
 * Streaming sample-rate converter for one channel: a polyphase windowed-sinc filter (Blackman
 * window, 16 zero crossings each side) whose cutoff sits at 95 % of the lower of the two Nyquist
 * frequencies, so downsampling low-passes before it decimates (anti-aliasing) and upsampling
 * interpolates band-limited. The filter is symmetric around each output instant, so it adds no
 * delay: output sample {@code n} is the signal at input time {@code n * inRate / outRate}.
 *
 * <p>Written here rather than taken from Maven Central: the one pure-Java resampler found there
 * (libresample4j, LGPL 2.1, a single-maintainer port) did not pay for its licence, and the other
 * candidates wrap native FFmpeg/libsoxr. Equal rates pass samples through unchanged.
 *
 * <p>Not thread-safe; one instance per channel. Memory is bounded by the filter length plus the
 * block passed in.
 */
public final class Resampler {

  private static final int ZERO_CROSSINGS = 16;
  private static final double CUTOFF_FRACTION = 0.95;
  private static final int MAX_TABLE_PHASES = 2048;
  private static final float[] EMPTY = new float[0];

  private final int inRate;
  private final int outRate;
  private final long up;
  private final long down;
  private final int half;
  private final double twoFc;
  private final double halfWidth;
  private final float[][] table;

  private float[] buf = new float[1024];
  private long bufStart;
  private int bufLen;
  private long nextOut;
  private boolean flushed;

  private Resampler(int inRate, int outRate) {
    this.inRate = inRate;
    this.outRate = outRate;
    long g = gcd(inRate, outRate);
    this.up = outRate / g;
    this.down = inRate / g;
    double fc = 0.5 * CUTOFF_FRACTION * Math.min(1.0, (double) outRate / inRate);
    this.twoFc = 2 * fc;
    this.halfWidth = ZERO_CROSSINGS / twoFc;
    this.half = (int) Math.ceil(halfWidth);
    this.table = up <= MAX_TABLE_PHASES ? buildTable() : new float[0][];
  }

  /** A resampler from {@code inRate} to {@code outRate} samples per second. */
  public static Resampler of(int inRate, int outRate) {
    if (inRate <= 0) {
      throw new IllegalArgumentException("inRate must be positive: " + inRate);
    }
    if (outRate <= 0) {
      throw new IllegalArgumentException("outRate must be positive: " + outRate);
    }
    return new Resampler(inRate, outRate);
  }

  /** A resampler from {@code inRate} to {@link Pcm#SAMPLE_RATE} (16 kHz). */
  public static Resampler to16k(int inRate) {
    return of(inRate, Pcm.SAMPLE_RATE);
  }

  /** The input rate in Hz. */
  public int inRate() {
    return inRate;
  }

  /** The output rate in Hz. */
  public int outRate() {
    return outRate;
  }

  /** Feeds the next input samples and returns the output samples they complete. */
  public float[] process(float[] in) {
    if (flushed) {
      throw new IllegalStateException("resampler was flushed; make a new one for a new stream");
    }
    if (inRate == outRate) {
      return in.clone();
    }
    append(in);
    return produce(false);
  }

  /** Ends the stream: returns the remaining output, treating the input after the end as silence. */
  public float[] flush() {
    if (flushed) {
      return EMPTY;
    }
    flushed = true;
    return inRate == outRate ? EMPTY : produce(true);
  }

  private void append(float[] in) {
    if (bufLen + in.length > buf.length) {
      float[] bigger = new float[Math.max(buf.length * 2, bufLen + in.length)];
      System.arraycopy(buf, 0, bigger, 0, bufLen);
      buf = bigger;
    }
    System.arraycopy(in, 0, buf, bufLen, in.length);
    bufLen += in.length;
  }

  private float[] produce(boolean atEnd) {
    long totalIn = bufStart + bufLen;
    // output n is at input position n*down/up; it needs inputs up to floor(...) + half
    long last;
    if (atEnd) {
      last = totalIn == 0 ? -1 : ceilDiv(totalIn * up, down) - 1;
    } else {
      long maxBase = totalIn - 1 - half;
      last = maxBase < 0 ? -1 : Math.floorDiv((maxBase + 1) * up - 1, down);
    }
    if (last < nextOut) {
      return EMPTY;
    }
    float[] out = new float[(int) (last - nextOut + 1)];
    for (int i = 0; i < out.length; i++) {
      long n = nextOut + i;
      long num = n * down;
      long base = num / up;
      int phase = (int) (num % up);
      double acc = 0;
      long first = base - half + 1;
      for (int j = 0; j < 2 * half; j++) {
        long k = first + j;
        if (k < bufStart || k >= totalIn) {
          continue; // before the stream's start or after its end: silence
        }
        float coeff =
            table.length > 0 ? table[phase][j] : (float) kernel(half - 1 - j + (double) phase / up);
        acc += coeff * buf[(int) (k - bufStart)];
      }
      out[i] = (float) acc;
    }
    nextOut = last + 1;
    discardBefore(nextOut * down / up - half + 1);
    return out;
  }

  private void discardBefore(long index) {
    int drop = (int) Math.min(Math.max(0, index - bufStart), bufLen);
    if (drop > 0) {
      System.arraycopy(buf, drop, buf, 0, bufLen - drop);
      bufLen -= drop;
      bufStart += drop;
    }
  }

  private float[][] buildTable() {
    float[][] t = new float[(int) up][2 * half];
    for (int p = 0; p < up; p++) {
      double sum = 0;
      for (int j = 0; j < 2 * half; j++) {
        // tap j multiplies input base-half+1+j; its distance from the output instant:
        double d = half - 1 - j + (double) p / up;
        t[p][j] = (float) kernel(d);
        sum += t[p][j];
      }
      for (int j = 0; j < 2 * half; j++) {
        t[p][j] = (float) (t[p][j] / sum); // exact unity gain at DC for every phase
      }
    }
    return t;
  }

  private double kernel(double d) {
    if (Math.abs(d) >= halfWidth) {
      return 0;
    }
    double x = twoFc * d;
    double sinc = x == 0 ? 1 : Math.sin(Math.PI * x) / (Math.PI * x);
    double w = (d / halfWidth + 1) / 2; // 0..1 across the window
    double blackman = 0.42 - 0.5 * Math.cos(2 * Math.PI * w) + 0.08 * Math.cos(4 * Math.PI * w);
    return twoFc * sinc * blackman;
  }

  private static long gcd(long a, long b) {
    return b == 0 ? a : gcd(b, a % b);
  }

  private static long ceilDiv(long a, long b) {
    return -Math.floorDiv(-a, b);
  }
}
