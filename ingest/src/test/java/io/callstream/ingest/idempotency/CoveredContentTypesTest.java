package io.callstream.ingest.idempotency;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.http.MediaType;

class CoveredContentTypesTest {

  @ParameterizedTest
  @ValueSource(
      strings = {
        "application/x-ndjson",
        "application/x-ndjson;charset=UTF-8",
        "application/jsonl",
        "application/stream+json",
        "application/offset+octet-stream"
      })
  void shouldPassStreamingBodiesThroughWithTheKeyIgnored(String contentType) {
    assertThat(IdempotencyFilter.streaming(MediaType.parseMediaType(contentType))).isTrue();
  }

  @ParameterizedTest
  @ValueSource(strings = {"application/json", "text/vtt", "application/x-subrip", "text/plain"})
  void shouldCoverBodiesThatArriveWhole(String contentType) {
    assertThat(IdempotencyFilter.streaming(MediaType.parseMediaType(contentType))).isFalse();
  }

  @Test
  void shouldCoverARequestWithoutContentType() {
    assertThat(IdempotencyFilter.streaming(null)).isFalse();
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "multipart/form-data;boundary=x",
        "multipart/mixed",
        "application/x-www-form-urlencoded"
      })
  void shouldTellFormsThatCannotBeReadTwice(String contentType) {
    assertThat(IdempotencyFilter.form(MediaType.parseMediaType(contentType))).isTrue();
  }

  @Test
  void shouldNotTakeJsonForAForm() {
    assertThat(IdempotencyFilter.form(MediaType.APPLICATION_JSON)).isFalse();
    assertThat(IdempotencyFilter.form(null)).isFalse();
  }
}
