package io.callstream.ingest.transcript.format;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;

/**
 * Whatever bytes arrive, every parser either reads them or rejects them with a {@link
 * TranscriptFormatException} that names a line of the file; nothing else escapes (which the HTTP
 * layer would answer with a 500). Inputs are random bytes, random sequences of the tokens the
 * formats are made of, and the real meeting files (and the same meetings written in every other
 * format) with random damage done to them.
 */
class TranscriptParsersPropertyTest {

  /** Pieces of every format, so random inputs get past the first line of the parsers. */
  private static final List<String> TOKENS =
      List.of(
          "WEBVTT",
          "NOTE",
          "STYLE",
          "REGION",
          "\n",
          "\n",
          "\r\n",
          "\r",
          "\n\n",
          " ",
          "\t",
          "-->",
          " --> ",
          "00:00:01.000",
          "00:02.500",
          "00:00:03,000",
          "00:61.000",
          "99:99:99.999",
          "123456789012:00:00.000",
          "1",
          "42",
          "-1",
          "[00:05]",
          "[01:02:03]",
          "[",
          "]",
          "Ana:",
          "Ben Lima: ",
          ":",
          "<v Ana>",
          "<v.loud Ben>",
          "</v>",
          "<v",
          "<i>",
          "</i>",
          "<c.x>",
          "<00:00:01.000>",
          "&amp;",
          "&lt;",
          "&#233;",
          "&#x1F600;",
          "&#x110000;",
          "&#0;",
          "&#99999999;",
          "&",
          "{vocalsound}",
          "{\\an8}",
          "{",
          "}",
          "\"",
          "\"segments\"",
          "\"meeting_transcripts\"",
          "\"speaker\"",
          "\"content\"",
          "\"startMs\"",
          "\"endMs\"",
          "\"text\"",
          ",",
          "null",
          "1e999",
          "99999999999999999999",
          "0.5",
          "[]",
          "{}",
          "ES2002a.B.dialog-act.1\t55.415\t60.35\tB\tPM\tinf\t-1\t0\t",
          "\u0000",
          "\uFEFF",
          "é",
          "日本",
          "\uD83D\uDE00",
          "Hello there.",
          "x");

  private static final List<byte[]> MEETINGS = meetingsInEveryFormat();

  private static List<byte[]> meetingsInEveryFormat() {
    List<byte[]> meetings = new ArrayList<>();
    for (String name : MeetingFiles.names()) {
      ParsedTranscript meeting = MeetingFiles.parsed(name);
      meetings.add(MeetingFiles.bytes(name));
      meetings.add(MeetingFiles.webVtt(meeting).getBytes(UTF_8));
      meetings.add(MeetingFiles.srt(meeting).getBytes(UTF_8));
      meetings.add(MeetingFiles.plainText(meeting).getBytes(UTF_8));
      meetings.add(MeetingFiles.json(meeting).getBytes(UTF_8));
    }
    return meetings;
  }

  @Test
  void shouldReadOrRejectRandomBytesWithALine() {
    ByteProperty.forAll("random bytes", TranscriptParsersPropertyTest::randomBytes)
        .check(2_000, TranscriptParsersPropertyTest::readOrRejectedWithALine);
  }

  @Test
  void shouldReadOrRejectRandomTokensOfTheFormatsWithALine() {
    ByteProperty.forAll("random tokens", TranscriptParsersPropertyTest::randomTokens)
        .check(3_000, TranscriptParsersPropertyTest::readOrRejectedWithALine);
  }

  @Test
  void shouldReadOrRejectDamagedRealMeetingsWithALine() {
    ByteProperty.forAll("damaged meetings", TranscriptParsersPropertyTest::damagedMeeting)
        .check(300, TranscriptParsersPropertyTest::readOrRejectedWithALine);
  }

  /** The property: for every parser, a transcript that keeps its promises or a located error. */
  private static void readOrRejectedWithALine(byte[] input) {
    // must never throw: it decides between two parsers on any body sent as JSON
    TranscriptFormat.select(null, "application/json", input);
    for (TranscriptFormat format : TranscriptFormat.values()) {
      try {
        keepsItsPromises(format.parser().parse(input));
      } catch (TranscriptFormatException rejected) {
        assertThat(rejected.line()).as(format + ": %s", rejected).isBetween(1, lines(input) + 1);
        assertThat(rejected).hasMessageStartingWith("line " + rejected.line() + ": ");
      }
    }
  }

  private static void keepsItsPromises(ParsedTranscript transcript) {
    List<ParsedSegment> segments = transcript.segments();
    assertThat(segments).isNotEmpty();
    assertThat(segments.stream().mapToLong(ParsedSegment::sequence).sorted().boxed().toList())
        .containsExactlyElementsOf(LongStream.range(0, segments.size()).boxed().toList());
    for (ParsedSegment segment : segments) {
      assertThat(segment.line()).isPositive();
      assertThat(segment.speaker()).isNotBlank().doesNotContain("\0");
      assertThat(segment.text()).isNotBlank();
      assertThat(segment.startMs()).isNotNegative();
      assertThat(segment.endMs()).isGreaterThanOrEqualTo(segment.startMs());
    }
  }

  private static int lines(byte[] input) {
    int lines = 1;
    for (int i = 0; i < input.length; i++) {
      if (input[i] == '\n'
          || (input[i] == '\r' && (i + 1 == input.length || input[i + 1] != '\n'))) {
        lines++;
      }
    }
    return lines;
  }

  private static byte[] randomBytes(SplittableRandom random) {
    byte[] bytes = new byte[random.nextInt(random.nextBoolean() ? 16 : 1_024)];
    random.nextBytes(bytes);
    return bytes;
  }

  private static byte[] randomTokens(SplittableRandom random) {
    StringBuilder text = new StringBuilder();
    for (int i = random.nextInt(1, 120); i > 0; i--) {
      text.append(TOKENS.get(random.nextInt(TOKENS.size())));
    }
    return text.toString().getBytes(UTF_8);
  }

  /** A real meeting in one of the formats, with one to eight random cuts, insertions and flips. */
  private static byte[] damagedMeeting(SplittableRandom random) {
    byte[] bytes = MEETINGS.get(random.nextInt(MEETINGS.size()));
    for (int damage = random.nextInt(1, 9); damage > 0; damage--) {
      bytes = damaged(bytes, random);
    }
    return bytes;
  }

  private static byte[] damaged(byte[] bytes, SplittableRandom random) {
    if (bytes.length == 0) {
      return TOKENS.get(random.nextInt(TOKENS.size())).getBytes(UTF_8);
    }
    int at = random.nextInt(bytes.length);
    int length = Math.min(bytes.length - at, random.nextInt(1, 64));
    ByteArrayOutputStream out = new ByteArrayOutputStream(bytes.length + 64);
    switch (random.nextInt(5)) {
      case 0 -> { // cut a piece out
        out.write(bytes, 0, at);
        out.write(bytes, at + length, bytes.length - at - length);
      }
      case 1 -> { // put a token in
        out.write(bytes, 0, at);
        out.writeBytes(TOKENS.get(random.nextInt(TOKENS.size())).getBytes(UTF_8));
        out.write(bytes, at, bytes.length - at);
      }
      case 2 -> { // flip a byte
        byte[] copy = bytes.clone();
        copy[at] = (byte) random.nextInt(256);
        return copy;
      }
      case 3 -> { // repeat a piece
        out.write(bytes, 0, at + length);
        out.write(bytes, at, bytes.length - at);
      }
      default -> out.write(bytes, 0, at); // cut the end off
    }
    return out.toByteArray();
  }
}
