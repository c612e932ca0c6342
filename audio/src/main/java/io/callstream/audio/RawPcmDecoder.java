package io.callstream.audio;

import java.util.List;
import java.util.Objects;

/**
 * Headerless 16-bit PCM, its layout given by the content type:
 *
 * <ul>
 *   <li>{@code audio/pcm;rate=R;channels=C}: signed 16-bit little-endian, interleaved; the format
 *       our live audio socket takes (what browsers' AudioWorklets and most SDKs emit). Defaults:
 *       rate 16000, channels 1.
 *   <li>{@code audio/L16;rate=R;channels=C}: RFC 2586, signed 16-bit big-endian (network order),
 *       interleaved. {@code rate} is required, as the RFC says; channels default to 1.
 * </ul>
 *
 * <p>Memory is one partial frame plus the resamplers' history. Not thread-safe.
 */
final class RawPcmDecoder implements StreamDecoder {

  private final PcmStream pcm;
  private boolean finished;

  private RawPcmDecoder(SampleFormat format) {
    this.pcm = new PcmStream(format);
  }

  /** A decoder for {@code audio/pcm} or {@code audio/L16}, its layout from the parameters. */
  static RawPcmDecoder of(ContentType type) throws AudioFormatException {
    boolean l16 = type.subtype().equals("l16");
    if (l16 && !type.parameters().containsKey("rate")) {
      throw new AudioFormatException(
          "the content type " + type + " lacks the rate parameter that audio/L16 requires");
    }
    int rate = type.intParameter("rate", Pcm.SAMPLE_RATE);
    int channels = type.intParameter("channels", 1);
    if (rate > 1_000_000 || channels > SampleFormat.MAX_CHANNELS) {
      throw new AudioFormatException(
          "the content type " + type + " declares a rate or channel count beyond any recording");
    }
    return new RawPcmDecoder(
        new SampleFormat(rate, channels, 2, SampleFormat.Encoding.SIGNED_INT, l16));
  }

  @Override
  public List<float[][]> push(byte[] bytes) {
    Objects.requireNonNull(bytes, "bytes must not be null");
    if (finished) {
      throw new IllegalStateException("the decoder was finished already");
    }
    return pcm.accept(bytes, 0, bytes.length);
  }

  @Override
  public List<float[][]> poll() {
    return List.of();
  }

  @Override
  public List<float[][]> finish() throws AudioFormatException {
    if (finished) {
      return List.of();
    }
    finished = true;
    if (pcm.framesIn() == 0) {
      throw new AudioFormatException("the audio stream is empty");
    }
    return pcm.finish();
  }

  @Override
  public void close() {
    finished = true;
  }
}
