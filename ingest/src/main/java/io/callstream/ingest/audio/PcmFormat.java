package io.callstream.ingest.audio;

import java.util.Objects;
import java.util.Optional;
import org.jspecify.annotations.Nullable;
import org.springframework.http.InvalidMediaTypeException;
import org.springframework.http.MediaType;

/**
 * Raw PCM as the live audio socket takes it and the transcription job decodes it: signed 16-bit
 * little-endian samples, the channels interleaved, {@code rate} sample frames per second. Its media
 * type, {@code audio/pcm;rate=R;channels=C}, is the contract with the decoder. Immutable.
 *
 * @param rate sample frames per second, {@value #MIN_RATE} to {@value #MAX_RATE}
 * @param channels 1 (mono) or 2 (stereo: in call recordings, one speaker a channel)
 */
public record PcmFormat(int rate, int channels) {

  /** Lowest rate taken: telephone audio. */
  public static final int MIN_RATE = 8_000;

  /** Highest rate taken: studio audio. */
  public static final int MAX_RATE = 48_000;

  /** Rate of {@code audio/pcm} without a {@code rate} parameter, as the decoder assumes it. */
  public static final int DEFAULT_RATE = 16_000;

  /** Channels of {@code audio/pcm} without a {@code channels} parameter. */
  public static final int DEFAULT_CHANNELS = 1;

  private static final int MAX_CHANNELS = 2;
  private static final int BYTES_PER_SAMPLE = 2;

  public PcmFormat {
    if (rate < MIN_RATE || rate > MAX_RATE) {
      throw new IllegalArgumentException(
          "rate must be from " + MIN_RATE + " to " + MAX_RATE + " samples per second, was " + rate);
    }
    if (channels < 1 || channels > MAX_CHANNELS) {
      throw new IllegalArgumentException("channels must be 1 or 2, was " + channels);
    }
  }

  /** PCM of {@code rate} sample frames per second on {@code channels} channels. */
  public static PcmFormat of(int rate, int channels) {
    return new PcmFormat(rate, channels);
  }

  /**
   * The format a media type names, if it is {@code audio/pcm} with a rate and channels in range
   * (each may be left out for its default); empty for any other type.
   */
  public static Optional<PcmFormat> parse(String contentType) {
    Objects.requireNonNull(contentType, "contentType must not be null");
    MediaType type;
    try {
      type = MediaType.parseMediaType(contentType);
    } catch (InvalidMediaTypeException e) {
      return Optional.empty();
    }
    if (!type.getType().equals("audio") || !type.getSubtype().equals("pcm")) {
      return Optional.empty();
    }
    try {
      return Optional.of(
          new PcmFormat(
              number(type.getParameter("rate"), DEFAULT_RATE),
              number(type.getParameter("channels"), DEFAULT_CHANNELS)));
    } catch (IllegalArgumentException e) {
      return Optional.empty();
    }
  }

  /** {@code audio/pcm;rate=R;channels=C}, exactly: the decoder reads this string. */
  public String contentType() {
    return "audio/pcm;rate=" + rate + ";channels=" + channels;
  }

  /** Bytes of one second of audio. */
  public int bytesPerSecond() {
    return rate * channels * BYTES_PER_SAMPLE;
  }

  private static int number(@Nullable String value, int absent) {
    if (value == null) {
      return absent;
    }
    // throws NumberFormatException, an IllegalArgumentException, for anything but digits
    return Integer.parseInt(value.strip());
  }
}
