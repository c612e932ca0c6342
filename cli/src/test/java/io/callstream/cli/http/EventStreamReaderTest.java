package io.callstream.cli.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class EventStreamReaderTest {

  private static EventStreamReader reader(String stream) {
    return EventStreamReader.of(new ByteArrayInputStream(stream.getBytes(StandardCharsets.UTF_8)));
  }

  @Test
  void shouldReadEventsSkippingHeartbeatsAndKeepingRetry() throws IOException {
    EventStreamReader reader =
        reader(
            "retry: 3000\n\n"
                + ": heartbeat\n\n"
                + "id:i0-1\nevent:io.callstream.progress.updated.v1\ndata:{\"done\":1}\n\n"
                + "event: two\ndata: line one\ndata: line two\n\n");

    ServerSentEvent first = reader.next();
    ServerSentEvent second = reader.next();

    assertThat(first)
        .isEqualTo(
            new ServerSentEvent("i0-1", "io.callstream.progress.updated.v1", "{\"done\":1}"));
    assertThat(second).isEqualTo(new ServerSentEvent(null, "two", "line one\nline two"));
    assertThat(reader.next()).isNull();
    assertThat(reader.retryMs()).isEqualTo(3000L);
  }

  @Test
  void shouldDropAnEventCutOffBeforeItsBlankLine() throws IOException {
    EventStreamReader reader = reader("event: whole\ndata: 1\n\nevent: cut\ndata: 2");

    assertThat(reader.next()).extracting(ServerSentEvent::type).isEqualTo("whole");
    assertThat(reader.next()).isNull();
  }

  @Test
  void shouldNameUntypedEventsMessage() throws IOException {
    assertThat(reader("data: x\n\n").next()).extracting(ServerSentEvent::type).isEqualTo("message");
  }
}
