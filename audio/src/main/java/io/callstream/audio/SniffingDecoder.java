package io.callstream.audio;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * Chooses the decoder by the stream's first bytes rather than trusting the declared type alone:
 * {@code RIFF....WAVE} goes to the in-JVM {@link WavStreamDecoder} (and on to FFmpeg if the WAV
 * holds mu-law, A-law, ADPCM or the like), an MP4 {@code ftyp} box or a declared MP4/QuickTime type
 * to {@link FfmpegDecoder#spooled()}, anything else to {@link FfmpegDecoder#piped()}. Holds the
 * first bytes only until the choice is made (12 bytes, or up to the WAV {@code fmt } chunk). Not
 * thread-safe.
 */
final class SniffingDecoder implements StreamDecoder {

  private static final int MAGIC_BYTES = 12;
  private static final int MAX_HEAD_BYTES = 4 << 20;
  private static final Set<String> MP4_TYPES =
      Set.of(
          "audio/mp4",
          "audio/m4a",
          "audio/x-m4a",
          "audio/aac-mp4",
          "audio/3gpp",
          "video/3gpp",
          "video/mp4",
          "video/quicktime",
          "application/mp4");

  private final ContentType declared;
  private @Nullable ByteArrayOutputStream head = new ByteArrayOutputStream();
  private @Nullable StreamDecoder delegate;
  private @Nullable WavStreamDecoder wav;

  SniffingDecoder(ContentType declared) {
    this.declared = declared;
  }

  /** The decoder chosen so far, for tests; null before the first bytes arrived. */
  @Nullable StreamDecoder delegate() {
    return delegate;
  }

  @Override
  public List<float[][]> push(byte[] bytes) throws AudioFormatException {
    Objects.requireNonNull(bytes, "bytes must not be null");
    ByteArrayOutputStream kept = head;
    if (kept == null) {
      return chosen().push(bytes);
    }
    kept.write(bytes, 0, bytes.length);
    if (delegate == null) {
      if (kept.size() < MAGIC_BYTES) {
        return List.of();
      }
      choose(kept.toByteArray());
      return afterWavProbe(chosen().push(kept.toByteArray()));
    }
    return afterWavProbe(chosen().push(bytes));
  }

  @Override
  public List<float[][]> poll() throws AudioFormatException {
    return delegate == null ? List.of() : delegate.poll();
  }

  @Override
  public List<float[][]> finish() throws AudioFormatException {
    ByteArrayOutputStream kept = head;
    List<float[][]> blocks = new ArrayList<>();
    if (delegate == null) {
      if (kept == null || kept.size() == 0) {
        throw new AudioFormatException("the audio stream is empty");
      }
      choose(kept.toByteArray()); // too short to tell: the decoder says what is wrong
      blocks.addAll(afterWavProbe(chosen().push(kept.toByteArray())));
    }
    blocks.addAll(chosen().finish());
    return blocks;
  }

  @Override
  public void close() {
    StreamDecoder current = delegate;
    if (current != null) {
      current.close();
    }
    head = null;
  }

  private void choose(byte[] first) throws AudioFormatException {
    if (isRiffWave(first)) {
      wav = WavStreamDecoder.handingOffForeignEncodings();
      delegate = wav;
    } else {
      head = null;
      delegate =
          MP4_TYPES.contains(declared.essence()) || isIsoMedia(first)
              ? FfmpegDecoder.spooled()
              : FfmpegDecoder.piped();
    }
  }

  /** While the WAV format is unknown, keeps the bytes so FFmpeg can have them all if need be. */
  private List<float[][]> afterWavProbe(List<float[][]> blocks) throws AudioFormatException {
    WavStreamDecoder probe = wav;
    ByteArrayOutputStream kept = head;
    if (probe == null || kept == null) {
      return blocks;
    }
    if (probe.foreignEncoding() != null) {
      probe.close();
      wav = null;
      head = null;
      delegate = FfmpegDecoder.piped();
      return delegate.push(kept.toByteArray());
    }
    if (probe.formatKnown() || kept.size() > MAX_HEAD_BYTES) {
      head = null;
    }
    return blocks;
  }

  private StreamDecoder chosen() {
    return Objects.requireNonNull(delegate, "a decoder was chosen");
  }

  static boolean isRiffWave(byte[] first) {
    if (first.length < MAGIC_BYTES) {
      return false;
    }
    String riff = new String(first, 0, 4, StandardCharsets.ISO_8859_1);
    String wave = new String(first, 8, 4, StandardCharsets.ISO_8859_1);
    return (riff.equals("RIFF") || riff.equals("RF64")) && wave.equals("WAVE");
  }

  private static boolean isIsoMedia(byte[] first) {
    return first.length >= 8
        && Arrays.equals(
            Arrays.copyOfRange(first, 4, 8), "ftyp".getBytes(StandardCharsets.ISO_8859_1));
  }
}
