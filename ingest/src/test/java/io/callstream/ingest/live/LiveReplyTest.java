package io.callstream.ingest.live;

import static org.assertj.core.api.Assertions.assertThat;

import io.callstream.ingest.call.EndedCall;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.converter.json.ProblemDetailJacksonMixin;
import tools.jackson.databind.json.JsonMapper;

/** The wire shapes of replies, with the JSON mapper set up as Spring Boot sets it up. */
class LiveReplyTest {

  private final JsonMapper json =
      JsonMapper.builder().addMixIn(ProblemDetail.class, ProblemDetailJacksonMixin.class).build();

  @Test
  void shouldWriteAckAsSequenceAndDuplicateFlag() {
    assertThat(json.writeValueAsString(new LiveReply.Ack(7, true)))
        .isEqualTo("{\"ack\":7,\"duplicate\":true}");
  }

  @Test
  void shouldWriteErrorAsProblemWithPositionFieldAndSequence() {
    LiveReply reply =
        LiveReply.Error.of(
            Position.line(3), 7L, HttpStatus.BAD_REQUEST, null, "text", "text must be a string");

    assertThat(json.readTree(json.writeValueAsString(reply)))
        .isEqualTo(
            json.readTree(
                "{\"error\":{\"title\":\"Bad Request\",\"status\":400,"
                    + "\"detail\":\"line 3: text must be a string\",\"line\":3,"
                    + "\"field\":\"text\"},\"sequence\":7}"));
  }

  @Test
  void shouldLeaveOutSequenceThatCouldNotBeRead() {
    LiveReply reply =
        LiveReply.Error.of(
            Position.message(1), null, HttpStatus.BAD_REQUEST, null, null, "is not valid JSON");

    assertThat(json.writeValueAsString(reply)).doesNotContain("sequence").contains("\"message\":1");
  }

  @Test
  void shouldWriteEndedAsTheAnswerOfTheEndEndpoint() {
    LiveReply reply =
        new LiveReply.Ended(EndedCall.of("c-1", Instant.parse("2025-05-01T10:00:00Z"), 9_000, 4L));

    assertThat(json.writeValueAsString(reply))
        .isEqualTo(
            "{\"ended\":{\"callId\":\"c-1\",\"status\":\"ended\","
                + "\"endedAt\":\"2025-05-01T10:00:00Z\",\"durationMs\":9000,\"lastSequence\":4}}");
  }
}
