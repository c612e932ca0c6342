package io.callstream.analyzer.openai;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ResultSchemaTest {

  private static final ObjectMapper JSON = new ObjectMapper();

  @ParameterizedTest
  @ValueSource(strings = {"schemas/chunk-findings.schema.json", "schemas/synthesis.schema.json"})
  void shouldMeetStrictModesRulesInEveryObject(String resource) throws IOException {
    List<JsonNode> objects = new ArrayList<>();
    collectObjects(read(resource), objects);

    assertThat(objects).isNotEmpty();
    for (JsonNode object : objects) {
      List<String> properties = new ArrayList<>();
      object.path("properties").fieldNames().forEachRemaining(properties::add);
      List<String> required = new ArrayList<>();
      object.path("required").forEach(name -> required.add(name.asText()));
      assertThat(required).as(object.toString()).containsExactlyInAnyOrderElementsOf(properties);
      assertThat(object.path("additionalProperties").isBoolean()).isTrue();
      assertThat(object.path("additionalProperties").asBoolean()).isFalse();
    }
  }

  @Test
  void shouldAcceptAnAnswerThatMatches() {
    ResultSchema.Checked checked =
        ResultSchema.CHUNK.check(
            "{\"topics\":[{\"label\":\"Budget\",\"ids\":[\"1\"],\"points\":[]}],"
                + "\"findings\":[{\"type\":\"RISK\",\"text\":\"Costs\",\"owner\":null,\"due\":null,"
                + "\"ids\":[\"2\"]}]}");

    assertThat(checked.json()).isNotNull();
  }

  @Test
  void shouldSayWhatIsWrongWithAnAnswerThatDoesNotMatch() {
    ResultSchema.Checked unknownType =
        ResultSchema.CHUNK.check(
            "{\"topics\":[],\"findings\":[{\"type\":\"GOSSIP\",\"text\":\"x\",\"owner\":null,"
                + "\"due\":null,\"ids\":[]}]}");
    ResultSchema.Checked missing = ResultSchema.SYNTHESIS.check("{\"headline\":\"Budget\"}");
    ResultSchema.Checked truncated = ResultSchema.SYNTHESIS.check("{\"headline\":\"Bud");

    assertThat(unknownType.json()).isNull();
    assertThat(unknownType.problem()).contains("/findings/0/type", "enumeration");
    assertThat(missing.json()).isNull();
    assertThat(missing.problem()).contains("summary");
    assertThat(truncated.json()).isNull();
    assertThat(truncated.problem()).startsWith("not JSON");
    assertThat(ResultSchema.SYNTHESIS.check(null).problem()).isEqualTo("the answer is empty");
  }

  private static void collectObjects(JsonNode node, List<JsonNode> objects) {
    if (node.isObject()) {
      if ("object".equals(node.path("type").asText())) {
        objects.add(node);
      }
      node.elements().forEachRemaining(child -> collectObjects(child, objects));
    } else if (node.isArray()) {
      node.forEach(child -> collectObjects(child, objects));
    }
  }

  private static JsonNode read(String resource) throws IOException {
    try (InputStream in = ResultSchemaTest.class.getClassLoader().getResourceAsStream(resource)) {
      return JSON.readTree(in);
    }
  }
}
