package io.callstream.llmtest;

import io.callstream.audio.MonoPcmSource;
import io.callstream.audio.Pcm;
import io.callstream.audio.Pcm16;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * The samples of an uploaded audio file as 16 kHz mono in {@code [-1, 1]}: a WAV file (our
 * transcriber sends 16 kHz mono 16-bit PCM after a 44-byte header; any rate and channel count
 * decodes) through {@link MonoPcmSource}, anything else read as bare 16 kHz mono 16-bit
 * little-endian PCM, as a lenient server would.
 */
final class UploadedAudio {

  private UploadedAudio() {}

  static float[] samples(byte[] upload) {
    float[] wav = isRiff(upload) ? wav(upload) : null;
    return wav != null ? wav : Pcm16.fromLittleEndian(upload);
  }

  private static boolean isRiff(byte[] upload) {
    return upload.length >= 12
        && upload[0] == 'R'
        && upload[1] == 'I'
        && upload[2] == 'F'
        && upload[3] == 'F';
  }

  /** The decoded samples, or {@code null} when the decoder cannot read the file to its end. */
  private static float @Nullable [] wav(byte[] upload) {
    List<Pcm> blocks = new ArrayList<>();
    int total = 0;
    try (MonoPcmSource source = MonoPcmSource.open(new ByteArrayInputStream(upload), 0)) {
      for (Pcm pcm = source.read(); pcm != null; pcm = source.read()) {
        blocks.add(pcm);
        total += pcm.length();
      }
    } catch (IOException e) {
      // not a WAV after all (AudioFormatException), or one that breaks off: the bytes as PCM
      return null;
    }
    float[] samples = new float[total];
    int at = 0;
    for (Pcm pcm : blocks) {
      pcm.copyTo(samples, at);
      at += pcm.length();
    }
    return samples;
  }
}
