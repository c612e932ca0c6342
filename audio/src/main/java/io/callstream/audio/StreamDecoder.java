package io.callstream.audio;

import java.util.List;
import java.util.Set;

/**
 * Push decoding of one call's audio stream as its chunks arrive: the caller hands over bytes when
 * it has them and takes back whatever audio they completed, and is never made to wait for more
 * input (a Flink operator must not block). Every block is {@code float[channel][sample]} at 16 kHz
 * ({@link Pcm#SAMPLE_RATE}) in {@code [-1, 1]}, all channels of a block of equal length, blocks in
 * stream order without gaps.
 *
 * <p>WAV and raw PCM decode in the JVM; compressed formats (MP3, AAC/M4A, Opus, Vorbis, FLAC, WebM,
 * ...) in an FFmpeg child process, so that hostile input cannot crash the JVM. A decoder serves one
 * stream and is not thread-safe, except {@link #close()}, which may come from any thread. Always
 * close it, also after {@link #finish()} or a failure.
 */
public interface StreamDecoder extends AutoCloseable {

  /** The WAV media types; any other type whose bytes start with {@code RIFF....WAVE} is WAV too. */
  Set<String> WAV_TYPES = Set.of("audio/wav", "audio/x-wav", "audio/wave", "audio/vnd.wave");

  /**
   * A decoder for the media type of the call's audio chunks ({@code AudioChunk.contentType}, e.g.
   * {@code audio/mpeg}, {@code audio/wav}, {@code audio/pcm;rate=16000;channels=1}):
   *
   * <ul>
   *   <li>{@code audio/pcm;rate=R;channels=C}: headerless signed 16-bit little-endian interleaved
   *       PCM, our live socket's format; rate defaults to 16000, channels to 1;
   *   <li>{@code audio/L16;rate=R;channels=C}: RFC 2586 big-endian 16-bit PCM, rate required;
   *   <li>WAV types: parsed in the JVM (integer or float PCM; other WAV encodings go to FFmpeg);
   *   <li>any other {@code audio/*} or {@code video/*} type, {@code application/ogg}, {@code
   *       application/mp4} and {@code application/octet-stream}: WAV if the bytes say so, otherwise
   *       FFmpeg. MP4/M4A/QuickTime (declared or recognised by its {@code ftyp} box) is spooled to
   *       a temporary file and decoded at {@link #finish()}, because its index may sit at the end.
   * </ul>
   *
   * @throws AudioFormatException with a clear message if no decoder can take the type
   */
  static StreamDecoder forContentType(String contentType) throws AudioFormatException {
    ContentType type = ContentType.parse(contentType);
    String essence = type.essence();
    if (essence.equals("audio/pcm") || essence.equals("audio/l16")) {
      return RawPcmDecoder.of(type);
    }
    boolean wav = WAV_TYPES.contains(essence);
    boolean media =
        type.type().equals("audio")
            || type.type().equals("video")
            || Set.of("application/ogg", "application/mp4", "application/octet-stream")
                .contains(essence);
    if (!wav && !media) {
      throw new AudioFormatException(
          "audio of type "
              + essence
              + " cannot be decoded: expected an audio type such as audio/wav, audio/mpeg,"
              + " audio/mp4, audio/ogg, audio/webm or audio/pcm;rate=16000");
    }
    if (!wav && !FfmpegBinary.available()) {
      throw new AudioFormatException(
          "audio of type " + essence + " needs FFmpeg, which this platform does not have");
    }
    return new SniffingDecoder(type);
  }

  /**
   * Feeds the next bytes; returns the blocks decoded so far, possibly none.
   *
   * @throws AudioFormatException for bytes that cannot be decoded
   */
  List<float[][]> push(byte[] bytes) throws AudioFormatException;

  /**
   * Blocks decoded since the last call, without new input (a decoder in another process answers
   * late).
   */
  List<float[][]> poll() throws AudioFormatException;

  /**
   * End of the stream: the remaining blocks.
   *
   * @throws AudioFormatException if the stream is corrupt, cut short or holds no audio stream; its
   *     message says why in words a user understands (e.g. "the audio could not be decoded: ...")
   */
  List<float[][]> finish() throws AudioFormatException;

  /** Releases everything (kills a child process, deletes temp files). Never throws. */
  @Override
  void close();
}
