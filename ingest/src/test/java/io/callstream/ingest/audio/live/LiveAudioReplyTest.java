package io.callstream.ingest.audio.live;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.callstream.ingest.audio.PcmFormat;
import org.junit.jupiter.api.Test;
import org.springframework.util.LinkedMultiValueMap;
import org.springframework.util.MultiValueMap;
import org.springframework.web.ErrorResponseException;
import tools.jackson.databind.json.JsonMapper;

class LiveAudioReplyTest {

  private final JsonMapper json = JsonMapper.builder().build();

  @Test
  void shouldWriteEachReplyAsASmallObjectNamedByItsType() {
    assertThat(json.writeValueAsString(new LiveAudioReply.Ready(64_000)))
        .isEqualTo("{\"type\":\"ready\",\"bytes\":64000}");
    assertThat(json.writeValueAsString(new LiveAudioReply.Stored(32_000)))
        .isEqualTo("{\"type\":\"stored\",\"bytes\":32000}");
    assertThat(json.writeValueAsString(new LiveAudioReply.Ended(45_000)))
        .isEqualTo("{\"type\":\"ended\",\"bytes\":45000}");
    assertThat(json.writeValueAsString(new LiveAudioReply.Error(413, "Too large", "over")))
        .isEqualTo(
            "{\"type\":\"error\",\"status\":413,\"title\":\"Too large\",\"detail\":\"over\"}");
  }

  @Test
  void shouldTakeTheFormatOfTheQueryWithItsDefaults() {
    assertThat(LiveAudioEndpoint.format(query())).isEqualTo(PcmFormat.of(16_000, 1));
    assertThat(LiveAudioEndpoint.format(query("rate", "44100", "channels", "2")))
        .isEqualTo(PcmFormat.of(44_100, 2));
  }

  @Test
  void shouldRefuseAFormatOutOfRangeWith400() {
    assertThatThrownBy(() -> LiveAudioEndpoint.format(query("channels", "stereo")))
        .isInstanceOfSatisfying(
            ErrorResponseException.class,
            refused -> {
              assertThat(refused.getStatusCode().value()).isEqualTo(400);
              assertThat(refused.getBody().getDetail())
                  .isEqualTo("channels must be a whole number, was 'stereo'");
            });
  }

  private static MultiValueMap<String, String> query(String... namesAndValues) {
    MultiValueMap<String, String> query = new LinkedMultiValueMap<>();
    for (int i = 0; i < namesAndValues.length; i += 2) {
      query.add(namesAndValues[i], namesAndValues[i + 1]);
    }
    return query;
  }
}
