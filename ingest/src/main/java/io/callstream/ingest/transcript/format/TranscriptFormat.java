package io.callstream.ingest.transcript.format;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;

/** The transcript formats callstream reads, each with its name, its media type and its parser. */
public enum TranscriptFormat {
  /** Our JSON segments; see {@link JsonSegmentsParser}. */
  JSON("json", "application/json", new JsonSegmentsParser()),
  /** See {@link WebVttParser}. */
  WEBVTT("vtt", "text/vtt", new WebVttParser()),
  /** See {@link SrtParser}. */
  SRT("srt", "application/x-subrip", new SrtParser()),
  /** {@code Speaker: text} lines; see {@link PlainTextParser}. */
  TEXT("text", "text/plain", new PlainTextParser()),
  /** AMI corpus dialogue acts; see {@link AmiDialogueActParser}. */
  AMI_DA("ami-da", "text/tab-separated-values", new AmiDialogueActParser()),
  /** QMSum meeting JSON, sent as {@code application/json}; see {@link QmsumParser}. */
  QMSUM("qmsum", "application/json", new QmsumParser());

  private final String parameter;
  private final String mediaType;
  private final TranscriptParser parser;

  TranscriptFormat(String parameter, String mediaType, TranscriptParser parser) {
    this.parameter = parameter;
    this.mediaType = mediaType;
    this.parser = parser;
  }

  /** The name of the format in a {@code format} request parameter, for example {@code vtt}. */
  public String parameter() {
    return parameter;
  }

  /** The media type that selects the format when no {@code format} parameter is given. */
  public String mediaType() {
    return mediaType;
  }

  /** The format's parser; stateless and thread-safe. */
  public TranscriptParser parser() {
    return parser;
  }

  /**
   * The format of an upload: by the {@code format} parameter if there is one (case does not
   * matter), else by the media type of {@code contentType}. {@code application/json} is our JSON
   * unless the body is an object with a top-level {@code meeting_transcripts}, which makes it
   * QMSum.
   *
   * @param parameter the {@code format} request parameter, or null
   * @param contentType the {@code Content-Type} header, parameters allowed, or null
   * @param content the body, only looked into to tell QMSum from our JSON
   * @throws UnsupportedTranscriptFormatException if neither names a known format
   */
  public static TranscriptFormat select(
      @Nullable String parameter, @Nullable String contentType, byte[] content) {
    if (parameter != null) {
      for (TranscriptFormat format : values()) {
        if (format.parameter.equalsIgnoreCase(parameter.strip())) {
          return format;
        }
      }
      throw new UnsupportedTranscriptFormatException(
          "unknown transcript format '" + parameter + "'; " + supported());
    }
    if (contentType == null || contentType.isBlank()) {
      throw new UnsupportedTranscriptFormatException(
          "no transcript format: give a format parameter or a Content-Type; " + supported());
    }
    String mediaType = contentType.split(";", 2)[0].strip().toLowerCase(Locale.ROOT);
    if (mediaType.equals(JSON.mediaType)) {
      return QmsumParser.isQmsum(content) ? QMSUM : JSON;
    }
    for (TranscriptFormat format : values()) {
      if (format.mediaType.equals(mediaType)) {
        return format;
      }
    }
    throw new UnsupportedTranscriptFormatException(
        "content type '" + contentType + "' is not a transcript format; " + supported());
  }

  private static String supported() {
    return "supported formats: "
        + Arrays.stream(values()).map(TranscriptFormat::parameter).collect(Collectors.joining(", "))
        + " (format parameter), or Content-Type "
        + Arrays.stream(values())
            .map(TranscriptFormat::mediaType)
            .distinct()
            .collect(Collectors.joining(", "));
  }
}
