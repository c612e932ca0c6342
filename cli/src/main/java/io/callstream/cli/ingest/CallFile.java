package io.callstream.cli.ingest;

import io.callstream.cli.CliException;
import io.callstream.ingest.transcript.format.TranscriptFormat;
import io.callstream.ingest.transcript.format.UnsupportedTranscriptFormatException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * What a file given to {@code callstream ingest} holds: audio (by its first bytes, else its
 * extension) or a transcript in one of ingest's formats (by {@code --format}, its extension, else
 * its first bytes), so the file goes to the route that takes it. Immutable.
 *
 * @param path the file
 * @param audio whether it is audio, for {@code PUT .../audio}
 * @param mediaType the audio's type, or the transcript format's
 * @param format the transcript format; null for audio
 */
public record CallFile(
    Path path, boolean audio, String mediaType, @Nullable TranscriptFormat format) {

  /** The {@code --format} value that forces audio. */
  public static final String AUDIO = "audio";

  private static final Map<String, String> AUDIO_EXTENSIONS =
      Map.ofEntries(
          Map.entry("wav", "audio/wav"),
          Map.entry("mp3", "audio/mpeg"),
          Map.entry("m4a", "audio/mp4"),
          Map.entry("mp4", "audio/mp4"),
          Map.entry("aac", "audio/aac"),
          Map.entry("ogg", "audio/ogg"),
          Map.entry("opus", "audio/ogg"),
          Map.entry("oga", "audio/ogg"),
          Map.entry("webm", "audio/webm"),
          Map.entry("flac", "audio/flac"));

  private static final Map<String, String> TRANSCRIPT_EXTENSIONS =
      Map.of(
          "vtt", "vtt",
          "srt", "srt",
          "txt", "text",
          "da", "ami-da",
          "tsv", "ami-da");

  public CallFile {
    Objects.requireNonNull(path, "path must not be null");
    Objects.requireNonNull(mediaType, "mediaType must not be null");
    if (!audio && format == null) {
      throw new IllegalArgumentException("a transcript needs its format");
    }
  }

  /**
   * Looks at {@code path}.
   *
   * @param format {@code --format}: a transcript format's name, {@value #AUDIO}, or null to tell
   *     from the file
   * @throws CliException a usage error for a file that cannot be read, is empty, or whose format is
   *     unknown
   */
  public static CallFile of(Path path, @Nullable String format) {
    Objects.requireNonNull(path, "path must not be null");
    if (!Files.isRegularFile(path) || !Files.isReadable(path)) {
      throw CliException.usage("cannot read " + path + ": no such file");
    }
    byte[] head = head(path);
    if (head.length == 0) {
      throw CliException.usage(path + " is empty");
    }
    String extension = extension(path);
    if (format != null && format.equalsIgnoreCase(AUDIO)) {
      String sniffed = sniffAudio(head);
      return new CallFile(
          path,
          true,
          sniffed != null
              ? sniffed
              : AUDIO_EXTENSIONS.getOrDefault(extension, "application/octet-stream"),
          null);
    }
    if (format == null) {
      String sniffed = sniffAudio(head);
      if (sniffed == null && !TRANSCRIPT_EXTENSIONS.containsKey(extension)) {
        sniffed = AUDIO_EXTENSIONS.get(extension);
      }
      if (sniffed != null) {
        return new CallFile(path, true, sniffed, null);
      }
    }
    TranscriptFormat transcript = transcriptFormat(path, format, extension, head);
    return new CallFile(path, false, transcript.mediaType(), transcript);
  }

  private static TranscriptFormat transcriptFormat(
      Path path, @Nullable String format, String extension, byte[] head) {
    String name = format != null ? format : TRANSCRIPT_EXTENSIONS.get(extension);
    try {
      if (name != null) {
        return TranscriptFormat.select(name, null, head);
      }
      String text = new String(head, StandardCharsets.UTF_8).stripLeading();
      if (text.startsWith("{") || text.startsWith("[") || extension.equals("json")) {
        // our JSON or QMSum: ingest's own rule tells them apart, on the whole file
        return TranscriptFormat.select(null, "application/json", read(path));
      }
      if (text.startsWith("WEBVTT")) {
        return TranscriptFormat.WEBVTT;
      }
      return TranscriptFormat.TEXT;
    } catch (UnsupportedTranscriptFormatException e) {
      throw CliException.usage(
          e.getMessage()
              + "; or --format "
              + AUDIO
              + " for audio (known from "
              + String.join(", ", AUDIO_EXTENSIONS.keySet().stream().sorted().toList())
              + ")");
    }
  }

  /** The media type of audio whose file starts with {@code head}, or null if not audio. */
  static @Nullable String sniffAudio(byte[] head) {
    if (startsWith(head, 0, "RIFF") && startsWith(head, 8, "WAVE")) {
      return "audio/wav";
    }
    if (startsWith(head, 0, "OggS")) {
      return "audio/ogg";
    }
    if (startsWith(head, 0, "fLaC")) {
      return "audio/flac";
    }
    if (startsWith(head, 0, "ID3")
        || (head.length > 1
            && (head[0] & 0xFF) == 0xFF
            && (head[1] & 0xE0) == 0xE0
            && (head[1] & 0x06) != 0)) {
      // an ID3 tag, or an MPEG audio frame sync with a layer set (ADTS AAC has layer 0)
      return "audio/mpeg";
    }
    if (head.length > 1 && (head[0] & 0xFF) == 0xFF && (head[1] & 0xF6) == 0xF0) {
      return "audio/aac";
    }
    if (head.length >= 4
        && Arrays.equals(
            Arrays.copyOf(head, 4), new byte[] {0x1A, 0x45, (byte) 0xDF, (byte) 0xA3})) {
      return "audio/webm";
    }
    if (startsWith(head, 4, "ftyp")) {
      return "audio/mp4";
    }
    return null;
  }

  private static boolean startsWith(byte[] head, int offset, String magic) {
    byte[] expected = magic.getBytes(StandardCharsets.US_ASCII);
    if (head.length < offset + expected.length) {
      return false;
    }
    return Arrays.equals(Arrays.copyOfRange(head, offset, offset + expected.length), expected);
  }

  /** The whole file. */
  public byte[] bytes() {
    return read(path);
  }

  private static byte[] read(Path path) {
    try {
      return Files.readAllBytes(path);
    } catch (IOException e) {
      throw CliException.usage("cannot read " + path + ": " + e.getMessage());
    }
  }

  private static byte[] head(Path path) {
    try (InputStream in = Files.newInputStream(path)) {
      return in.readNBytes(64);
    } catch (IOException e) {
      throw CliException.usage("cannot read " + path + ": " + e.getMessage());
    }
  }

  private static String extension(Path path) {
    String name = path.getFileName().toString();
    int dot = name.lastIndexOf('.');
    return dot < 0 ? "" : name.substring(dot + 1).toLowerCase(Locale.ROOT);
  }
}
