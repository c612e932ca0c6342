package io.callstream.llmtest;

import static java.net.http.HttpResponse.BodyHandlers.ofString;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.openai.client.OpenAIClient;
import com.openai.client.okhttp.OpenAIOkHttpClient;
import com.openai.core.JsonValue;
import com.openai.models.ResponseFormatJsonSchema;
import com.openai.models.chat.completions.ChatCompletion;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class OpenAiTestServerTest {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final HttpClient HTTP = HttpClient.newHttpClient();

  /** A chunk prompt in the analyzers' format: context lines, then the chunk's own. */
  private static final String CHUNK_PROMPT =
      String.join(
          "\n",
          PromptLines.CONTEXT,
          "[seg-0] Anna: Welcome everyone to the kick-off meeting.",
          PromptLines.CHUNK,
          "[seg-1] Anna: We decided to build the remote control with a rubber case.",
          "[seg-2] Ben: I will send the component costs to everyone by Friday.",
          "[seg-3] Carl: Are we sure the battery lasts a whole year?",
          "[seg-4] Ben: I am worried about the production budget of twelve euros.",
          "[seg-5] Anna: Next we look at the market research findings together.",
          "[seg-6] Carl: The survey says younger users want speech recognition features.",
          "[seg-7] Anna: Okay.");

  @Test
  void shouldAnswerChunkFindingsCitingTheChunksOwnLines() throws IOException {
    try (OpenAiTestServer server = OpenAiTestServer.builder().start()) {
      JsonNode answer = content(chat(server, CHUNK_PROMPT, "chunk_findings"));

      assertThat(answer.path("topics")).isNotEmpty();
      assertThat(findingTypes(answer))
          .contains("DECISION", "ACTION_ITEM", "OPEN_QUESTION", "OBJECTION", "NEXT_STEP");
      JsonNode action = finding(answer, "ACTION_ITEM");
      assertThat(action.path("owner").asText()).isEqualTo("Ben");
      assertThat(action.path("due").asText()).isEqualTo("friday");
      assertThat(citedIds(answer))
          .isSubsetOf("seg-1", "seg-2", "seg-3", "seg-4", "seg-5", "seg-6", "seg-7");
    }
  }

  @Test
  void shouldCiteEveryIdOfAMergedLineAndQuoteTheSentenceAFindingRestsOn() throws IOException {
    String prompt =
        String.join(
            "\n",
            PromptLines.CHUNK,
            "[seg-1,seg-2,seg-3] Anna: Okay. I will send the component costs by Friday. Right.",
            "[seg-4] Ben: Are we sure the battery lasts a whole year?");
    try (OpenAiTestServer server = OpenAiTestServer.builder().start()) {
      JsonNode answer = content(chat(server, prompt, "chunk_findings"));

      JsonNode action = finding(answer, "ACTION_ITEM");
      assertThat(action.path("text").asText())
          .isEqualTo("I will send the component costs by Friday.");
      assertThat(action.path("ids"))
          .extracting(JsonNode::asText)
          .containsExactly("seg-1", "seg-2", "seg-3");
      assertThat(finding(answer, "OPEN_QUESTION").path("ids"))
          .extracting(JsonNode::asText)
          .containsExactly("seg-4");
      assertThat(answer.path("topics").get(0).path("ids"))
          .extracting(JsonNode::asText)
          .containsExactly("seg-1", "seg-2", "seg-3");
    }
  }

  @Test
  void shouldNameOwnersByTheSpeakersLegendAndNeverCiteContextLines() throws IOException {
    String prompt =
        String.join(
            "\n",
            PromptLines.SPEAKERS + " A=Kirsty Williams AM; B=Lynne Neagle AM",
            PromptLines.CONTEXT,
            "B: We will come back to the funding question next week.",
            PromptLines.CHUNK,
            "[1] A: I will write to the universities about the funding by Monday.",
            "[2] B: Thank you, that is very helpful for the committee.");
    try (OpenAiTestServer server = OpenAiTestServer.builder().start()) {
      JsonNode answer = content(chat(server, prompt, "chunk_findings"));

      JsonNode action = finding(answer, "ACTION_ITEM");
      assertThat(action.path("owner").asText()).isEqualTo("Kirsty Williams AM");
      assertThat(action.path("due").asText()).isEqualTo("monday");
      assertThat(answer.path("findings"))
          .noneMatch(finding -> finding.path("text").asText().contains("come back"));
      assertThat(citedIds(answer)).isNotEmpty().isSubsetOf("1", "2");
    }
  }

  @Test
  void shouldAnswerTheSamePromptTheSameWay() {
    try (OpenAiTestServer server =
        OpenAiTestServer.builder().hallucinatedCitationRate(0.5).start()) {
      String first =
          chat(server, CHUNK_PROMPT, "chunk_findings")
              .choices()
              .get(0)
              .message()
              .content()
              .orElseThrow();
      String second =
          chat(server, CHUNK_PROMPT, "chunk_findings")
              .choices()
              .get(0)
              .message()
              .content()
              .orElseThrow();

      assertThat(second).isEqualTo(first);
    }
  }

  @Test
  void shouldAnswerASynthesisFromTheTopicsAndFindings() throws IOException {
    String prompt =
        String.join(
            "\n",
            PromptLines.TOPICS,
            "[seg-1,seg-3] topic: Remote control design",
            "[seg-2] point: Rubber case",
            "[seg-9] topic: Market research",
            PromptLines.FINDINGS,
            "[seg-2] ACTION_ITEM: Ben sends the component costs (owner: Ben)");
    try (OpenAiTestServer server = OpenAiTestServer.builder().start()) {
      JsonNode answer = content(chat(server, prompt, "call_synthesis"));

      assertThat(answer.path("headline").asText()).isEqualTo("Remote control design");
      assertThat(answer.path("summary").asText())
          .contains("Remote control design", "Market research", "1 action item");
      assertThat(answer.path("ids"))
          .extracting(JsonNode::asText)
          .containsExactly("seg-1", "seg-9", "seg-2");
    }
  }

  @Test
  void shouldRecordEveryRequestWithItsTokens() {
    try (OpenAiTestServer server = OpenAiTestServer.builder().start()) {
      ChatCompletion completion = chat(server, CHUNK_PROMPT, "chunk_findings");

      RecordedRequest request = server.requests().get(0);
      assertThat(request.path()).isEqualTo("/v1/chat/completions");
      assertThat(request.model()).isEqualTo("test-model");
      assertThat(request.schemaName()).isEqualTo("chunk_findings");
      assertThat(request.answer()).isEqualTo(Fault.OK);
      assertThat(request.json().path("messages").get(1).path("content").asText())
          .isEqualTo(CHUNK_PROMPT);
      assertThat(request.promptTokens()).isGreaterThan(100);
      assertThat(completion.usage().orElseThrow().promptTokens()).isEqualTo(request.promptTokens());
      assertThat(completion.usage().orElseThrow().completionTokens())
          .isEqualTo(request.completionTokens());
    }
  }

  @Test
  void shouldAnswer429WithRetryAfterWhenTheConcurrencyLimitIsExceeded() throws Exception {
    try (OpenAiTestServer server =
        OpenAiTestServer.builder()
            .concurrencyLimit(2, Duration.ofMillis(1500))
            .script(Fault.HANG, Fault.HANG)
            .start()) {
      List<CompletableFuture<HttpResponse<String>>> hung = new ArrayList<>();
      hung.add(HTTP.sendAsync(post(server, CHUNK_PROMPT), HttpResponse.BodyHandlers.ofString()));
      hung.add(HTTP.sendAsync(post(server, CHUNK_PROMPT), HttpResponse.BodyHandlers.ofString()));
      awaitInFlight(server, 2);

      HttpResponse<String> third =
          HTTP.send(post(server, CHUNK_PROMPT), HttpResponse.BodyHandlers.ofString());

      assertThat(third.statusCode()).isEqualTo(429);
      assertThat(third.headers().firstValue("retry-after")).hasValue("2");
      assertThat(third.headers().firstValue("retry-after-ms")).hasValue("1500");
      assertThat(server.inFlightPeak()).isEqualTo(2);
      assertThat(server.requests())
          .extracting(RecordedRequest::answer)
          .containsExactlyInAnyOrder(Fault.HANG, Fault.HANG, Fault.RATE_LIMITED);
      assertThat(hung).noneMatch(CompletableFuture::isDone);
    }
  }

  @Test
  void shouldFreeTheSlotOfAHungRequestWhenItsClientGivesUp() throws Exception {
    try (OpenAiTestServer server = OpenAiTestServer.builder().script(Fault.HANG).start()) {
      byte[] body =
          JSON.writeValueAsBytes(
              Map.of("model", "m", "messages", List.of(Map.of("role", "user", "content", "hi"))));
      try (Socket socket = new Socket("127.0.0.1", server.port())) {
        OutputStream out = socket.getOutputStream();
        out.write(
            ("POST /v1/chat/completions HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                    + "Content-Type: application/json\r\nContent-Length: "
                    + body.length
                    + "\r\n\r\n")
                .getBytes(StandardCharsets.US_ASCII));
        out.write(body);
        out.flush();
        awaitInFlight(server, 1);
      }

      awaitInFlight(server, 0);
      assertThat(server.requests()).extracting(RecordedRequest::answer).containsExactly(Fault.HANG);
    }
  }

  @Test
  void shouldAnswerMalformedWithTruncatedJson() {
    try (OpenAiTestServer server = OpenAiTestServer.builder().script(Fault.MALFORMED).start()) {
      String content =
          chat(server, CHUNK_PROMPT, "chunk_findings")
              .choices()
              .get(0)
              .message()
              .content()
              .orElseThrow();

      assertThatThrownBy(() -> JSON.readTree(content)).isInstanceOf(IOException.class);
      assertThat(server.requests().get(0).answer()).isEqualTo(Fault.MALFORMED);
    }
  }

  @Test
  void shouldAddHallucinatedCitationsAtTheConfiguredRate() throws IOException {
    int prompts = 200;
    int hallucinated = 0;
    try (OpenAiTestServer server =
        OpenAiTestServer.builder().hallucinatedCitationRate(0.25).seed(7).start()) {
      for (int i = 0; i < prompts; i++) {
        String prompt =
            PromptLines.CHUNK + "\n[seg-" + i + "] Anna: I will check budget item number " + i;
        Set<String> cited = citedIds(content(chat(server, prompt, "chunk_findings")));
        if (!Set.of("seg-" + i).containsAll(cited)) {
          hallucinated++;
        }
      }
      assertThat(hallucinated).isBetween(30, 70);
      assertThat(server.requests().stream().filter(RecordedRequest::hallucinatedCitation).count())
          .isEqualTo(hallucinated);
    }
  }

  @Test
  void shouldDrawFaultsAtTheConfiguredRatesAndTheSameWayForTheSameSeed() throws Exception {
    Faults faults = Faults.of(0.2, 0.1, 0, 0.1);
    Map<Integer, Long> statuses = statuses(faults, 11, 400);

    assertThat(statuses.get(429)).isBetween(50L, 110L);
    assertThat(statuses.get(500)).isBetween(20L, 60L);
    assertThat(statuses.get(200)).isBetween(220L, 340L);
    assertThat(statuses(faults, 11, 400)).isEqualTo(statuses);
  }

  @Test
  void shouldTranscribeAudioTheSameWayEachTime() {
    // bare PCM, no header: 1.2 s and 0.5 s of speech
    byte[] audio = TestAudio.at16k().silence(300).tone(1_200).silence(800).tone(500).pcm();
    try (OpenAiTestServer server = OpenAiTestServer.builder().start()) {
      OpenAIClient client = client(server, Duration.ofSeconds(10));
      String first = transcribe(client, audio);
      String second = transcribe(client, audio);

      assertThat(first).isEqualTo(second);
      assertThat(first.split(" ")).hasSize(3);
      RecordedRequest request = server.requests().get(0);
      assertThat(request.path()).isEqualTo("/v1/audio/transcriptions");
      assertThat(request.model()).isEqualTo("whisper-1");
      assertThat(request.json().path("bytes").asInt()).isEqualTo(audio.length);
      client.close();
    }
  }

  @Test
  void shouldAnswerVerboseJsonWithOneTimedSegmentPerRegionOfSpeech() {
    byte[] wav = TestAudio.at16k().silence(400).tone(1_500).silence(1_000).tone(600).wav();
    try (OpenAiTestServer server = OpenAiTestServer.builder().start()) {
      OpenAIClient client = client(server, Duration.ofSeconds(10));
      var verbose =
          client
              .audio()
              .transcriptions()
              .create(
                  com.openai.models.audio.transcriptions.TranscriptionCreateParams.builder()
                      .file(wav)
                      .model("whisper-1")
                      .responseFormat(com.openai.models.audio.AudioResponseFormat.VERBOSE_JSON)
                      .build())
              .asVerbose();

      assertThat(verbose.duration()).isEqualTo(3.5);
      var segments = verbose.segments().orElseThrow();
      assertThat(segments).hasSize(2);
      assertThat(segments.get(0).start()).isEqualTo(0.4, within(0.031));
      assertThat(segments.get(0).end()).isEqualTo(1.9, within(0.031));
      assertThat(segments.get(1).start()).isEqualTo(2.9, within(0.031));
      assertThat(segments.get(1).end()).isEqualTo(3.5, within(0.031));
      assertThat(segments)
          .extracting(segment -> segment._additionalProperties().get("speaker").toString())
          .containsExactly("speaker_0", "speaker_1");
      assertThat(verbose.text().split(" ")).hasSize(3);
      assertThat(verbose.text())
          .isEqualTo(segments.get(0).text().strip() + " " + segments.get(1).text().strip());
      assertThat(server.requests().get(0).json().path("response_format").asText())
          .isEqualTo("verbose_json");
      client.close();
    }
  }

  @Test
  void shouldAnswerTheSameTextAsPlainTextAsInJson() throws Exception {
    byte[] wav = TestAudio.at16k().silence(400).tone(2_500).silence(400).wav();
    try (OpenAiTestServer server = OpenAiTestServer.builder().start()) {
      HttpResponse<String> plain = HTTP.send(transcription(server, wav, "text"), ofString());
      HttpResponse<String> json = HTTP.send(transcription(server, wav, "json"), ofString());

      assertThat(plain.statusCode()).isEqualTo(200);
      assertThat(plain.headers().firstValue("content-type"))
          .hasValueSatisfying(type -> assertThat(type).startsWith("text/plain"));
      assertThat(plain.body().split(" ")).hasSize(3);
      assertThat(JSON.readTree(json.body()).path("text").asText()).isEqualTo(plain.body());
    }
  }

  @Test
  void shouldAnswerAnEmptyTextForSilence() {
    byte[] wav = TestAudio.at16k().silence(2_000).wav();
    try (OpenAiTestServer server = OpenAiTestServer.builder().start()) {
      OpenAIClient client = client(server, Duration.ofSeconds(10));

      assertThat(transcribe(client, wav)).isEmpty();
      client.close();
    }
  }

  @Test
  void shouldAnswer404ForAnUnknownPath() throws Exception {
    try (OpenAiTestServer server = OpenAiTestServer.builder().start()) {
      HttpResponse<String> response =
          HTTP.send(
              HttpRequest.newBuilder(URI.create(server.baseUrl() + "/models")).GET().build(),
              HttpResponse.BodyHandlers.ofString());

      assertThat(response.statusCode()).isEqualTo(404);
    }
  }

  private static Map<Integer, Long> statuses(Faults faults, long seed, int count) throws Exception {
    try (OpenAiTestServer server = OpenAiTestServer.builder().faults(faults).seed(seed).start()) {
      List<Integer> statuses = new ArrayList<>();
      for (int i = 0; i < count; i++) {
        statuses.add(
            HTTP.send(post(server, CHUNK_PROMPT), HttpResponse.BodyHandlers.ofString())
                .statusCode());
      }
      return statuses.stream()
          .collect(Collectors.groupingBy(status -> status, Collectors.counting()));
    }
  }

  private static String transcribe(OpenAIClient client, byte[] audio) {
    return client
        .audio()
        .transcriptions()
        .create(
            com.openai.models.audio.transcriptions.TranscriptionCreateParams.builder()
                .file(audio)
                .model("whisper-1")
                .build())
        .asTranscription()
        .text();
  }

  private static HttpRequest transcription(OpenAiTestServer server, byte[] wav, String format) {
    String boundary = "callstream-test-boundary";
    String head =
        "--"
            + boundary
            + "\r\nContent-Disposition: form-data; name=\"model\"\r\n\r\nwhisper-1\r\n--"
            + boundary
            + "\r\nContent-Disposition: form-data; name=\"response_format\"\r\n\r\n"
            + format
            + "\r\n--"
            + boundary
            + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"a.wav\"\r\n"
            + "Content-Type: audio/wav\r\n\r\n";
    String tail = "\r\n--" + boundary + "--\r\n";
    return HttpRequest.newBuilder(URI.create(server.baseUrl() + "/audio/transcriptions"))
        .header("Content-Type", "multipart/form-data; boundary=" + boundary)
        .POST(
            HttpRequest.BodyPublishers.concat(
                HttpRequest.BodyPublishers.ofString(head),
                HttpRequest.BodyPublishers.ofByteArray(wav),
                HttpRequest.BodyPublishers.ofString(tail)))
        .build();
  }

  private static void awaitInFlight(OpenAiTestServer server, int expected)
      throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    while (server.inFlight() != expected && System.nanoTime() < deadline) {
      Thread.sleep(10);
    }
    assertThat(server.inFlight()).isEqualTo(expected);
  }

  private static ChatCompletion chat(OpenAiTestServer server, String prompt, String schemaName) {
    OpenAIClient client = client(server, Duration.ofSeconds(30));
    try {
      return client.chat().completions().create(params(prompt, schemaName));
    } finally {
      client.close();
    }
  }

  private static OpenAIClient client(OpenAiTestServer server, Duration timeout) {
    return OpenAIOkHttpClient.builder()
        .baseUrl(server.baseUrl())
        .apiKey("test")
        .maxRetries(0)
        .timeout(timeout)
        .build();
  }

  private static ChatCompletionCreateParams params(String prompt, String schemaName) {
    return ChatCompletionCreateParams.builder()
        .model("test-model")
        .addSystemMessage("You map a transcript chunk.")
        .addUserMessage(prompt)
        .responseFormat(
            ResponseFormatJsonSchema.builder()
                .jsonSchema(
                    ResponseFormatJsonSchema.JsonSchema.builder()
                        .name(schemaName)
                        .strict(true)
                        .schema(
                            ResponseFormatJsonSchema.JsonSchema.Schema.builder()
                                .putAdditionalProperty("type", JsonValue.from("object"))
                                .build())
                        .build())
                .build())
        .build();
  }

  private static HttpRequest post(OpenAiTestServer server, String prompt) throws IOException {
    String body =
        JSON.writeValueAsString(
            Map.of(
                "model",
                "test-model",
                "messages",
                List.of(Map.of("role", "user", "content", prompt))));
    return HttpRequest.newBuilder(URI.create(server.baseUrl() + "/chat/completions"))
        .header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(body))
        .build();
  }

  private static JsonNode content(ChatCompletion completion) throws IOException {
    return JSON.readTree(completion.choices().get(0).message().content().orElseThrow());
  }

  private static List<String> findingTypes(JsonNode answer) {
    List<String> types = new ArrayList<>();
    answer.path("findings").forEach(finding -> types.add(finding.path("type").asText()));
    return types;
  }

  private static JsonNode finding(JsonNode answer, String type) {
    for (JsonNode finding : answer.path("findings")) {
      if (finding.path("type").asText().equals(type)) {
        return finding;
      }
    }
    throw new AssertionError("no " + type + " in " + answer);
  }

  private static Set<String> citedIds(JsonNode answer) {
    Set<String> ids = new HashSet<>();
    for (JsonNode item : answer.findValues("ids")) {
      item.forEach(id -> ids.add(id.asText()));
    }
    return ids;
  }
}
