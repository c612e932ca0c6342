package io.callstream.query.openapi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

class JsonDifferencesTest {

  private static final JsonMapper JSON = JsonMapper.builder().build();

  @Test
  void shouldFindNoDifferenceWhenOnlyMemberOrderDiffers() {
    JsonNode committed = json("{\"a\": 1, \"b\": {\"x\": [1, 2], \"y\": null}}");
    JsonNode served = json("{\"b\": {\"y\": null, \"x\": [1, 2]}, \"a\": 1}");

    assertThat(JsonDifferences.between(committed, served, 10)).isEmpty();
  }

  @Test
  void shouldNameTheDifferingPathsAsJsonPointers() {
    JsonNode committed =
        json("{\"paths\": {\"/v1/a\": {\"get\": {\"summary\": \"old\"}}}, \"gone\": true}");
    JsonNode served =
        json("{\"paths\": {\"/v1/a\": {\"get\": {\"summary\": \"new\"}}}, \"added\": 1}");

    assertThat(JsonDifferences.between(committed, served, 10))
        .containsExactly(
            "/added: only in the served document: 1",
            "/gone: only in the committed document: true",
            "/paths/~1v1~1a/get/summary: committed \"old\", served \"new\"");
  }

  @Test
  void shouldCompareArraysElementByElementAndBySize() {
    JsonNode committed = json("{\"tags\": [\"a\", \"b\"]}");
    JsonNode served = json("{\"tags\": [\"a\", \"c\", \"d\"]}");

    assertThat(JsonDifferences.between(committed, served, 10))
        .containsExactly(
            "/tags/1: committed \"b\", served \"c\"",
            "/tags: committed has 2 elements, served has 3");
  }

  @Test
  void shouldStopAtTheLimit() {
    JsonNode committed = json("{\"a\": 1, \"b\": 2, \"c\": 3}");
    JsonNode served = json("{\"a\": 4, \"b\": 5, \"c\": 6}");

    assertThat(JsonDifferences.between(committed, served, 2))
        .containsExactly("/a: committed 1, served 4", "/b: committed 2, served 5");
  }

  @Test
  void shouldRejectALimitBelowOne() {
    assertThatThrownBy(() -> JsonDifferences.between(json("1"), json("2"), 0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("limit must be positive");
  }

  private static JsonNode json(String text) {
    return JSON.readTree(text);
  }
}
