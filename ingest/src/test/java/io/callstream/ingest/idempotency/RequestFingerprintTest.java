package io.callstream.ingest.idempotency;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DefaultDataBufferFactory;
import org.springframework.http.MediaType;
import org.springframework.mock.http.server.reactive.MockServerHttpRequest;

class RequestFingerprintTest {

  private static final String PATH = "/v1/workspaces/ws/calls";

  @Test
  void shouldGiveTheSameFingerprintForTheSameRequest() {
    assertThat(fingerprint("POST", PATH, "application/json", "{\"title\":\"a\"}"))
        .isEqualTo(fingerprint("POST", PATH, "application/json", "{\"title\":\"a\"}"))
        .hasSameHashCodeAs(fingerprint("POST", PATH, "application/json", "{\"title\":\"a\"}"));
  }

  @Test
  void shouldTellRequestsApartByMethodPathQueryContentTypeAndBody() {
    RequestFingerprint base = fingerprint("POST", PATH, "application/json", "{}");

    assertThat(fingerprint("PUT", PATH, "application/json", "{}")).isNotEqualTo(base);
    assertThat(fingerprint("POST", PATH + "/x", "application/json", "{}")).isNotEqualTo(base);
    assertThat(fingerprint("POST", PATH + "?format=srt", "application/json", "{}"))
        .isNotEqualTo(base);
    assertThat(fingerprint("POST", PATH, "text/vtt", "{}")).isNotEqualTo(base);
    assertThat(fingerprint("POST", PATH, null, "{}")).isNotEqualTo(base);
    assertThat(fingerprint("POST", PATH, "application/json", "{ }")).isNotEqualTo(base);
    assertThat(fingerprint("POST", PATH, "application/json", null)).isNotEqualTo(base);
  }

  @Test
  void shouldNotLetBytesMoveBetweenFields() {
    assertThat(fingerprint("POST", PATH + "a", "b", null))
        .isNotEqualTo(fingerprint("POST", PATH, "ab", null));
  }

  @Test
  void shouldLeaveTheBodyUnreadForTheHandler() {
    DataBuffer body = buffer("{\"title\":\"a\"}");
    int before = body.readableByteCount();

    RequestFingerprint.of("POST", PATH, "application/json", body);

    assertThat(body.readableByteCount()).isEqualTo(before);
    assertThat(body.toString(StandardCharsets.UTF_8)).isEqualTo("{\"title\":\"a\"}");
  }

  @Test
  void shouldReadMethodPathQueryAndContentTypeFromTheRequest() {
    MockServerHttpRequest request =
        MockServerHttpRequest.post(PATH + "?format=vtt")
            .contentType(MediaType.APPLICATION_JSON)
            .build();

    assertThat(RequestFingerprint.of(request, buffer("{}")))
        .isEqualTo(fingerprint("POST", PATH + "?format=vtt", "application/json", "{}"));
  }

  @Test
  void shouldRoundTripThroughItsStoredBytes() {
    RequestFingerprint fingerprint = fingerprint("POST", PATH, "application/json", "{}");

    assertThat(RequestFingerprint.fromBytes(fingerprint.toBytes())).isEqualTo(fingerprint);
    assertThat(fingerprint.toBytes()).hasSize(32);
  }

  private static RequestFingerprint fingerprint(
      String method, String path, String contentType, String body) {
    return RequestFingerprint.of(method, path, contentType, body == null ? null : buffer(body));
  }

  private static DataBuffer buffer(String text) {
    return DefaultDataBufferFactory.sharedInstance.wrap(text.getBytes(StandardCharsets.UTF_8));
  }
}
