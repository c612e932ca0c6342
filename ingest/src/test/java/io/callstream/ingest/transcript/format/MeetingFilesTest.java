package io.callstream.ingest.transcript.format;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import java.util.stream.LongStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Every real meeting file imports, with as many segments and speakers as the file has. The expected
 * counts come from the raw files, read here without the parsers: lines and columns for {@code .da},
 * the {@code meeting_transcripts} array for QMSum.
 */
class MeetingFilesTest {

  /** Where the shared data lives beside the repository, seen from the module directory. */
  private static final Path SHARED = Path.of("..", "..", "shared", "data", "meetings");

  static Stream<String> dialogueActFiles() {
    return MeetingFiles.names().stream().filter(name -> name.endsWith(".da"));
  }

  static Stream<String> qmsumFiles() {
    return MeetingFiles.names().stream().filter(name -> name.endsWith(".json"));
  }

  @Test
  void shouldHaveEveryKindOfMeetingFile() {
    assertThat(dialogueActFiles()).hasSizeGreaterThanOrEqualTo(2);
    assertThat(qmsumFiles()).hasSizeGreaterThanOrEqualTo(3);
  }

  @Test
  void shouldHoldAnIdenticalCopyOfEveryMeetingFileOfTheSharedData() throws IOException {
    assumeTrue(Files.isDirectory(SHARED), "the shared data is not beside this checkout");
    List<String> shared;
    try (Stream<Path> files = Files.list(SHARED)) {
      shared =
          files
              .map(file -> file.getFileName().toString())
              .filter(name -> name.endsWith(".da") || name.endsWith(".json"))
              .sorted()
              .toList();
    }

    assertThat(MeetingFiles.names()).containsExactlyElementsOf(shared);
    for (String name : shared) {
      assertThat(MeetingFiles.bytes(name))
          .as(name)
          .isEqualTo(Files.readAllBytes(SHARED.resolve(name)));
    }
  }

  @ParameterizedTest
  @MethodSource("dialogueActFiles")
  void shouldImportEveryDialogueActOfAnAmiFile(String name) {
    byte[] raw = MeetingFiles.bytes(name);
    List<String[]> acts = new ArrayList<>();
    for (String line : new String(raw, UTF_8).split("\r\n")) {
      if (!line.isEmpty()) {
        acts.add(line.split("\t"));
      }
    }

    ParsedTranscript transcript =
        TranscriptFormat.select(null, "text/tab-separated-values", raw).parser().parse(raw);

    assertThat(transcript.segments()).hasSize(acts.size());
    assertThat(transcript.segments().stream().map(ParsedSegment::speaker).distinct())
        .hasSize((int) acts.stream().map(columns -> columns[3]).distinct().count());
    assertThat(transcript.segments())
        .extracting(ParsedSegment::text)
        .containsExactlyElementsOf(acts.stream().map(columns -> columns[8]).toList());
    assertThat(transcript.segments())
        .extracting(ParsedSegment::speaker)
        .containsExactlyElementsOf(
            acts.stream().map(columns -> columns[4] + " (" + columns[3] + ")").toList());
    assertThat(MeetingFiles.inTimeOrder(transcript))
        .extracting(ParsedSegment::sequence)
        .containsExactlyElementsOf(LongStream.range(0, acts.size()).boxed().toList());
    assertThat(MeetingFiles.inTimeOrder(transcript)).extracting(ParsedSegment::startMs).isSorted();
  }

  @ParameterizedTest
  @MethodSource("qmsumFiles")
  void shouldImportEveryTurnOfAQmsumFileSentAsJson(String name) {
    byte[] raw = MeetingFiles.bytes(name);
    JsonNode turns = JsonMapper.builder().build().readTree(raw).get("meeting_transcripts");
    List<String> speakers = new ArrayList<>();
    List<String> contents = new ArrayList<>();
    for (JsonNode turn : turns) {
      speakers.add(turn.get("speaker").asString());
      contents.add(turn.get("content").asString());
    }

    TranscriptFormat format = TranscriptFormat.select(null, "application/json", raw);
    ParsedTranscript transcript = format.parser().parse(raw);

    assertThat(format).isEqualTo(TranscriptFormat.QMSUM);
    assertThat(transcript.segments()).hasSize(turns.size());
    assertThat(transcript.segments().stream().map(ParsedSegment::speaker).distinct())
        .hasSize((int) speakers.stream().distinct().count());
    assertThat(transcript.segments())
        .extracting(ParsedSegment::speaker)
        .containsExactlyElementsOf(speakers);
    assertThat(transcript.segments())
        .extracting(ParsedSegment::text)
        .containsExactlyElementsOf(contents.stream().map(String::strip).toList());
  }

  @ParameterizedTest
  @MethodSource("qmsumFiles")
  void shouldEstimateQmsumTimesTurnAfterTurnAt150WordsPerMinute(String name) {
    List<ParsedSegment> segments = MeetingFiles.parsed(name).segments();

    assertThat(segments.get(0).startMs()).isZero();
    for (int i = 0; i < segments.size(); i++) {
      ParsedSegment segment = segments.get(i);
      int words = segment.text().split("\\s+").length;
      assertThat(segment.endMs() - segment.startMs()).isEqualTo(words * 400L);
      if (i > 0) {
        assertThat(segment.startMs()).isEqualTo(segments.get(i - 1).endMs());
      }
    }
  }

  static Stream<Arguments> meetingsInEveryWrittenFormat() {
    List<Function<ParsedTranscript, String>> writers =
        List.of(
            MeetingFiles::webVtt, MeetingFiles::srt, MeetingFiles::plainText, MeetingFiles::json);
    List<TranscriptFormat> formats =
        List.of(
            TranscriptFormat.WEBVTT,
            TranscriptFormat.SRT,
            TranscriptFormat.TEXT,
            TranscriptFormat.JSON);
    return MeetingFiles.names().stream()
        .flatMap(
            name ->
                Stream.iterate(0, i -> i < formats.size(), i -> i + 1)
                    .map(i -> Arguments.of(name, formats.get(i), writers.get(i))));
  }

  @ParameterizedTest(name = "{0} as {1}")
  @MethodSource("meetingsInEveryWrittenFormat")
  void shouldReadARealMeetingBackFromEveryFormatItCanBeWrittenIn(
      String name, TranscriptFormat format, Function<ParsedTranscript, String> writer) {
    ParsedTranscript original = MeetingFiles.parsed(name);
    byte[] written = writer.apply(original).getBytes(UTF_8);

    ParsedTranscript read = format.parser().parse(written);

    List<ParsedSegment> expected = MeetingFiles.inTimeOrder(original);
    assertThat(read.segments())
        .extracting(ParsedSegment::speaker)
        .containsExactlyElementsOf(expected.stream().map(ParsedSegment::speaker).toList());
    // subtitle formats collapse runs of whitespace, as they are meant to
    assertThat(read.segments())
        .extracting(segment -> collapsed(segment.text()))
        .containsExactlyElementsOf(
            expected.stream().map(segment -> collapsed(segment.text())).toList());
    // plain text states times to the second
    long precision = format == TranscriptFormat.TEXT ? 1_000 : 1;
    assertThat(read.segments())
        .extracting(segment -> segment.startMs() / precision)
        .containsExactlyElementsOf(
            expected.stream().map(segment -> segment.startMs() / precision).toList());
    assertThat(read.segments())
        .extracting(ParsedSegment::sequence)
        .containsExactlyElementsOf(LongStream.range(0, expected.size()).boxed().toList());
  }

  private static String collapsed(String text) {
    return text.replaceAll("\\s+", " ");
  }
}
