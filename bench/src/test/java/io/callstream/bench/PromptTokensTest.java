package io.callstream.bench;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.callstream.core.token.TokenCounter;
import io.callstream.llmtest.Fault;
import io.callstream.llmtest.RecordedRequest;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class PromptTokensTest {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final TokenCounter TOKENS = TokenCounter.o200k();

  @Test
  void shouldSplitAChunkPromptIntoItsParts() {
    String user =
        "Speakers: A=Kirsty Williams; B=Lynne Neagle\n"
            + "Context:\n"
            + "A: we will look at the funding\n"
            + "Chunk:\n"
            + "[1] B: Can I ask about declarations of interest?\n"
            + "[2,3] A: None from me, thank you.\n";
    ObjectNode body = JSON.createObjectNode();
    body.putArray("messages")
        .add(JSON.createObjectNode().put("role", "system").put("content", "Map the chunk."))
        .add(JSON.createObjectNode().put("role", "user").put("content", user));
    ObjectNode schema = JSON.createObjectNode().put("type", "object");
    body.putObject("response_format").putObject("json_schema").set("schema", schema);

    PromptTokens tokens = PromptTokens.of(request(body.toString(), 200));

    assertThat(tokens.system()).isEqualTo(4 + TOKENS.count("Map the chunk."));
    assertThat(tokens.schema()).isEqualTo(TOKENS.count(schema.toString()));
    assertThat(tokens.contextText()).isEqualTo(TOKENS.count("we will look at the funding"));
    assertThat(tokens.ownText())
        .isEqualTo(
            TOKENS.count("Can I ask about declarations of interest?")
                + TOKENS.count("None from me, thank you."));
    assertThat(
            tokens.system()
                + tokens.schema()
                + tokens.contextText()
                + tokens.ownText()
                + tokens.markup())
        .as("the parts add up to what the server billed")
        .isEqualTo(200);
    assertThat(PromptTokens.lines(request(body.toString(), 200))).isEqualTo(3);
  }

  private static RecordedRequest request(String body, int promptTokens) {
    return new RecordedRequest(
        Instant.now(),
        "/v1/chat/completions",
        "m",
        "chunk_findings",
        body,
        Fault.OK,
        promptTokens,
        5,
        false);
  }
}
