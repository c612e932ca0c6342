package io.callstream.audio;

/**
 * Converts samples in {@code [-1, 1]} to and from signed 16-bit little-endian PCM, the wire format
 * of transcription requests and of the live audio socket. Out-of-range samples are clipped.
 */
public final class Pcm16 {

  private Pcm16() {}

  /** The samples as 16-bit little-endian PCM, two bytes per sample. */
  public static byte[] littleEndian(float[] samples) {
    byte[] bytes = new byte[samples.length * 2];
    for (int i = 0; i < samples.length; i++) {
      int value = Math.max(-32768, Math.min(32767, Math.round(samples[i] * 32768f)));
      bytes[2 * i] = (byte) value;
      bytes[2 * i + 1] = (byte) (value >> 8);
    }
    return bytes;
  }

  /** The samples of 16-bit little-endian PCM; a trailing odd byte is ignored. */
  public static float[] fromLittleEndian(byte[] bytes) {
    float[] samples = new float[bytes.length / 2];
    for (int i = 0; i < samples.length; i++) {
      samples[i] = (short) ((bytes[2 * i] & 0xff) | (bytes[2 * i + 1] << 8)) / 32768f;
    }
    return samples;
  }
}
