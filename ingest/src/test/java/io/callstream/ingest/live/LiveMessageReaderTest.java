package io.callstream.ingest.live;

import static org.assertj.core.api.Assertions.assertThat;

import io.callstream.ingest.segment.SegmentDraft;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpStatus;
import tools.jackson.databind.json.JsonMapper;

class LiveMessageReaderTest {

  private final LiveMessageReader reader = new LiveMessageReader(JsonMapper.builder().build());

  @Test
  void shouldReadSegmentMessage() {
    LiveMessage message =
        read(
            "{\"sequence\": 3, \"speaker\": \"Ana\", \"startMs\": 1500, \"endMs\": 4000,"
                + " \"text\": \"Hello everyone.\", \"final\": false}");

    assertThat(message)
        .isEqualTo(
            new LiveMessage.Segment(
                Position.line(7),
                new SegmentDraft(3, "Ana", 1_500, 4_000, "Hello everyone.", false)));
  }

  @Test
  void shouldTakeSegmentWithoutFinalAsFinalAndWithoutSpeakerAsUnknown() {
    LiveMessage message =
        read("{\"sequence\": 0, \"startMs\": 0, \"endMs\": 10, \"text\": \"Hi\"}");

    assertThat(message)
        .isEqualTo(
            new LiveMessage.Segment(
                Position.line(7), new SegmentDraft(0, null, 0, 10, "Hi", true)));
  }

  @Test
  void shouldReadSegmentMessageFromUtf8Bytes() {
    LiveMessage message =
        reader.read(
            Position.line(7),
            "{\"sequence\": 0, \"startMs\": 0, \"endMs\": 10, \"text\": \"Olá\"}"
                .getBytes(StandardCharsets.UTF_8));

    assertThat(message)
        .isEqualTo(
            new LiveMessage.Segment(
                Position.line(7), new SegmentDraft(0, null, 0, 10, "Olá", true)));
  }

  @Test
  void shouldRejectBytesThatAreNotUtf8NamingTheOffset() {
    LiveMessage message =
        reader.read(
            Position.line(7),
            "{\"sequence\": 0, \"startMs\": 0, \"endMs\": 10, \"text\": \"Olá\"}"
                .getBytes(StandardCharsets.ISO_8859_1));

    assertThat(message)
        .isEqualTo(
            new LiveMessage.Unreadable(
                Position.line(7),
                null,
                null,
                HttpStatus.BAD_REQUEST,
                "byte 0xE1 at offset 54 is not valid UTF-8 (messages must be UTF-8)"));
  }

  @Test
  void shouldReadEndMessage() {
    assertThat(read("{\"end\": true}")).isEqualTo(new LiveMessage.End(Position.line(7)));
  }

  @Test
  void shouldRejectEndMessageWithMoreThanEnd() {
    assertUnreadable(read("{\"end\": true, \"sequence\": 1}"), null, "end", "{\"end\": true}");
    assertUnreadable(read("{\"end\": false}"), null, "end", "{\"end\": true}");
  }

  @Test
  void shouldRejectMalformedJsonNamingTheColumn() {
    assertUnreadable(read("{\"sequence\": 1, \"text\": }"), null, null, "not valid JSON (column");
  }

  @Test
  void shouldRejectJsonThatIsNoObject() {
    assertUnreadable(read("[1, 2]"), null, null, "must be a JSON object, was an array");
  }

  @Test
  void shouldRejectMissingSequence() {
    assertUnreadable(
        read("{\"startMs\": 0, \"endMs\": 10, \"text\": \"Hi\"}"),
        null,
        "sequence",
        "sequence is missing");
  }

  @Test
  void shouldRejectNegativeOrFractionalSequence() {
    assertUnreadable(
        read("{\"sequence\": -1, \"startMs\": 0, \"endMs\": 10, \"text\": \"Hi\"}"),
        null,
        "sequence",
        "sequence must be a non-negative integer, was the number -1");
    assertUnreadable(
        read("{\"sequence\": 1.5, \"startMs\": 0, \"endMs\": 10, \"text\": \"Hi\"}"),
        null,
        "sequence",
        "was a fraction");
  }

  @Test
  void shouldRejectStartThatIsNoNumberKeepingTheSequence() {
    assertUnreadable(
        read("{\"sequence\": 4, \"startMs\": \"0:01\", \"endMs\": 10, \"text\": \"Hi\"}"),
        4L,
        "startMs",
        "startMs must be a non-negative integer of milliseconds, was a string");
  }

  @Test
  void shouldRejectTextThatIsNoString() {
    assertUnreadable(
        read("{\"sequence\": 4, \"startMs\": 0, \"endMs\": 10, \"text\": 42}"),
        4L,
        "text",
        "text must be a string");
  }

  @Test
  void shouldRejectFinalThatIsNoBoolean() {
    assertUnreadable(
        read(
            "{\"sequence\": 4, \"startMs\": 0, \"endMs\": 10, \"text\": \"Hi\", \"final\": \"yes\"}"),
        4L,
        "final",
        "final must be true or false");
  }

  @Test
  void shouldRejectUnknownFieldSoThatAMisspeltFinalIsNoticed() {
    assertUnreadable(
        read(
            "{\"sequence\": 4, \"startMs\": 0, \"endMs\": 10, \"text\": \"Hi\","
                + " \"finalResult\": false}"),
        4L,
        "finalResult",
        "unknown field 'finalResult'");
  }

  @Test
  void shouldRejectDuplicateField() {
    assertUnreadable(
        read("{\"sequence\": 4, \"sequence\": 5, \"startMs\": 0, \"endMs\": 10, \"text\": \"Hi\"}"),
        null,
        null,
        "not valid JSON");
  }

  @Test
  void shouldRejectEmptyMessage() {
    assertUnreadable(read(""), null, null, "is empty");
  }

  private LiveMessage read(String text) {
    return reader.read(Position.line(7), text);
  }

  private static void assertUnreadable(
      LiveMessage message, Long sequence, String field, String reasonContains) {
    assertThat(message)
        .isInstanceOfSatisfying(
            LiveMessage.Unreadable.class,
            unreadable -> {
              assertThat(unreadable.position()).isEqualTo(Position.line(7));
              assertThat(unreadable.sequence()).isEqualTo(sequence);
              assertThat(unreadable.field()).isEqualTo(field);
              assertThat(unreadable.status()).isEqualTo(HttpStatus.BAD_REQUEST);
              assertThat(unreadable.reason()).contains(reasonContains);
            });
  }
}
