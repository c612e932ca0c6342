package io.callstream.core.event;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.util.Base64;
import org.junit.jupiter.api.Test;

class EventJsonTest {

  private final EventFixtures.Call call = EventFixtures.call();

  @Test
  void shouldWriteCiphertextAsBase64String() {
    TranscriptSegment segment = call.segment(0, "spk_0", 0, 10, "Hi");

    String json = new String(EventJson.write(segment), UTF_8);

    String base64 = Base64.getEncoder().encodeToString(segment.text().bytes());
    assertThat(json).contains("\"text\":\"" + base64 + "\"");
  }

  @Test
  void shouldWriteTimesAsIsoStringsWithFullPrecision() {
    String json = new String(EventJson.write(call.ended(1)), UTF_8);

    assertThat(json).contains("\"occurredAt\":\"2025-03-04T10:15:30.123456789Z\"");
  }

  @Test
  void shouldLeaveOutAbsentOptionalFields() {
    String json =
        new String(EventJson.write(call.progress(Progress.Stage.RECEIVED, 0, 1, null)), UTF_8);

    assertThat(json).doesNotContain("etaMs");
  }

  @Test
  void shouldWriteMapsInKeyOrderSoBytesAreStable() {
    String json = new String(EventJson.write(call.started()), UTF_8);

    assertThat(json).contains("\"metadata\":{\"channel\":\"zoom\",\"crm.dealId\":\"D-42\"}");
  }

  @Test
  void shouldWriteOnlyTheRecordComponents() {
    String json = new String(EventJson.write(call.segment(0, "spk_0", 0, 10, "Hi")), UTF_8);

    assertThat(json).doesNotContain("\"type\"", "durationMs", "\"length\"");
  }

  @Test
  void shouldReadWhatItWrites() throws IOException {
    for (CallstreamEvent event : EventFixtures.oneOfEach()) {
      assertThat(EventJson.read(EventJson.write(event), event.type())).isEqualTo(event);
    }
  }

  @Test
  void shouldRejectStringForNumber() {
    String json =
        new String(EventJson.write(call.ended(5)), UTF_8)
            .replace("\"durationMs\":5", "\"durationMs\":\"5\"");

    assertThatThrownBy(() -> EventJson.read(json.getBytes(UTF_8), CallEnded.class))
        .isInstanceOf(IOException.class)
        .hasMessageContaining("durationMs");
  }

  @Test
  void shouldRejectCiphertextThatIsNotBase64() {
    String json =
        new String(EventJson.write(call.audioChunk(0, true)), UTF_8)
            .replaceFirst("\"audio\":\"[^\"]*\"", "\"audio\":\"***\"");

    assertThatThrownBy(() -> EventJson.read(json.getBytes(UTF_8), AudioChunk.class))
        .isInstanceOf(IOException.class)
        .hasMessageContaining("audio");
  }

  @Test
  void shouldGiveIndependentMappers() {
    assertThat(EventJson.newObjectMapper()).isNotSameAs(EventJson.newObjectMapper());
  }
}
