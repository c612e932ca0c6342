package io.callstream.ingest.transcript.format;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Stream;
import tools.jackson.databind.json.JsonMapper;

/**
 * The real meeting files of the test resources ({@code /meetings}), and the same meetings written
 * in the formats no real file here is in: WebVTT, SRT, plain text and our JSON, so that every
 * format can be tried on a real meeting's mess.
 */
public final class MeetingFiles {

  private static final String DIRECTORY = "/meetings/";

  private static final JsonMapper JSON = JsonMapper.builder().build();

  private MeetingFiles() {}

  /** The names of the transcript files: every {@code .da} and {@code .json}. */
  public static List<String> names() {
    URL directory = Objects.requireNonNull(MeetingFiles.class.getResource(DIRECTORY), DIRECTORY);
    try (Stream<Path> files = Files.list(Path.of(directory.toURI()))) {
      return files
          .map(file -> file.getFileName().toString())
          .filter(name -> name.endsWith(".da") || name.endsWith(".json"))
          .sorted()
          .toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }

  /** The bytes of meeting file {@code name}, as published. */
  public static byte[] bytes(String name) {
    try (InputStream in = MeetingFiles.class.getResourceAsStream(DIRECTORY + name)) {
      return Objects.requireNonNull(in, () -> "no meeting file " + name).readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The meeting file {@code name}, parsed in the format its extension says. */
  public static ParsedTranscript parsed(String name) {
    TranscriptFormat format =
        name.endsWith(".da") ? TranscriptFormat.AMI_DA : TranscriptFormat.QMSUM;
    return format.parser().parse(bytes(name));
  }

  /** {@code transcript} as WebVTT: a cue per segment, in time order, with a voice tag. */
  public static String webVtt(ParsedTranscript transcript) {
    StringBuilder vtt = new StringBuilder("WEBVTT - ").append("a real meeting\n\n");
    for (ParsedSegment segment : inTimeOrder(transcript)) {
      vtt.append(segment.sequence() + 1)
          .append('\n')
          .append(clock(segment.startMs(), '.'))
          .append(" --> ")
          .append(clock(segment.endMs(), '.'))
          .append("\n<v ")
          .append(escaped(segment.speaker()))
          .append('>')
          .append(escaped(segment.text()))
          .append("</v>\n\n");
    }
    return vtt.toString();
  }

  /** {@code transcript} as SRT: a cue per segment, in time order, the text after its speaker. */
  public static String srt(ParsedTranscript transcript) {
    StringBuilder srt = new StringBuilder();
    for (ParsedSegment segment : inTimeOrder(transcript)) {
      srt.append(segment.sequence() + 1)
          .append("\r\n")
          .append(clock(segment.startMs(), ','))
          .append(" --> ")
          .append(clock(segment.endMs(), ','))
          .append("\r\n")
          .append(segment.speaker())
          .append(": ")
          .append(segment.text())
          .append("\r\n\r\n");
    }
    return srt.toString();
  }

  /** {@code transcript} as plain text: {@code [hh:mm:ss] Speaker: text} lines, in time order. */
  public static String plainText(ParsedTranscript transcript) {
    StringBuilder text = new StringBuilder();
    for (ParsedSegment segment : inTimeOrder(transcript)) {
      String clock = clock(segment.startMs(), '.');
      text.append('[')
          .append(clock, 0, clock.indexOf('.'))
          .append("] ")
          .append(segment.speaker())
          .append(": ")
          .append(segment.text())
          .append('\n');
    }
    return text.toString();
  }

  /** {@code transcript} as our JSON segments, in time order. */
  public static String json(ParsedTranscript transcript) {
    List<Map<String, Object>> segments =
        inTimeOrder(transcript).stream()
            .map(
                segment -> {
                  Map<String, Object> json = new LinkedHashMap<>();
                  json.put("speaker", segment.speaker());
                  json.put("startMs", segment.startMs());
                  json.put("endMs", segment.endMs());
                  json.put("text", segment.text());
                  return json;
                })
            .toList();
    return JSON.writeValueAsString(Map.of("segments", segments));
  }

  /** The segments ordered by sequence, which is time order. */
  public static List<ParsedSegment> inTimeOrder(ParsedTranscript transcript) {
    return transcript.segments().stream()
        .sorted(Comparator.comparingLong(ParsedSegment::sequence))
        .toList();
  }

  private static String clock(long millis, char separator) {
    return String.format(
        "%02d:%02d:%02d%c%03d",
        millis / 3_600_000, millis / 60_000 % 60, millis / 1_000 % 60, separator, millis % 1_000);
  }

  private static String escaped(String text) {
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
  }
}
