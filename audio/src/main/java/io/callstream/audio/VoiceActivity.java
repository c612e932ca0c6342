package io.callstream.audio;

/**
 * Frame-based voice-activity detector for 16 kHz mono audio: a frame is speech when its energy is
 * both above an absolute floor ({@value #MIN_SPEECH_DBFS} dBFS) and {@value #MARGIN_DB} dB above an
 * adaptive noise floor, which follows quieter frames at once and rises slowly (so steady background
 * noise becomes the floor). After speech, {@value #HANGOVER_FRAMES} more frames count as speech
 * (hangover), so the quiet ends of words are not taken for pauses.
 *
 * <p>Energy-based rather than a library: the Maven Central VADs (vad4j, libfvad-jni) wrap native
 * WebRTC code through JNA/JNI and are not maintained; a learned VAD (Silero) needs model weights.
 * Not thread-safe; one instance per stream.
 */
public final class VoiceActivity {

  /** Length of one frame in milliseconds. */
  public static final int FRAME_MS = 30;

  /** Samples in one frame at 16 kHz. */
  public static final int FRAME_SAMPLES = Pcm.SAMPLE_RATE * FRAME_MS / 1000;

  static final double MIN_SPEECH_DBFS = -45;
  static final double MARGIN_DB = 9;

  /**
   * Frames that still count as speech after the last loud one; a caller that wants where speech
   * really ended (not where the detector let go) takes them off the end of a speech run.
   */
  public static final int HANGOVER_FRAMES = 6;

  private static final double FLOOR_RISE_DB_PER_FRAME = 0.03;
  private static final double SILENCE_DBFS = -100;

  private double noiseFloorDb = Double.NaN;
  private int hangover;

  /** A detector with no history. */
  public VoiceActivity() {}

  /**
   * Classifies the frame {@code samples[offset, offset + FRAME_SAMPLES)} and returns whether it is
   * speech.
   */
  public boolean isSpeech(float[] samples, int offset) {
    if (offset < 0 || offset + FRAME_SAMPLES > samples.length) {
      throw new IllegalArgumentException(
          "frame [" + offset + ", " + (offset + FRAME_SAMPLES) + ") outside " + samples.length);
    }
    return classify(energyDb(samples, offset));
  }

  /** Energy in dBFS of the frame at {@code offset} (a full-scale square wave is 0 dBFS). */
  public static double energyDb(float[] samples, int offset) {
    double sum = 0;
    for (int i = offset; i < offset + FRAME_SAMPLES; i++) {
      sum += samples[i] * samples[i];
    }
    double mean = sum / FRAME_SAMPLES;
    return mean <= 1e-10 ? SILENCE_DBFS : Math.max(SILENCE_DBFS, 10 * Math.log10(mean));
  }

  private boolean classify(double db) {
    if (Double.isNaN(noiseFloorDb) || db < noiseFloorDb) {
      noiseFloorDb = db;
    } else {
      noiseFloorDb += FLOOR_RISE_DB_PER_FRAME;
    }
    boolean loud = db > MIN_SPEECH_DBFS && db > noiseFloorDb + MARGIN_DB;
    if (loud) {
      hangover = HANGOVER_FRAMES;
      return true;
    }
    if (hangover > 0) {
      hangover--;
      return true;
    }
    return false;
  }
}
