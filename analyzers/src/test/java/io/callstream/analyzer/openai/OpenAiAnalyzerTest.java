package io.callstream.analyzer.openai;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.callstream.analyzer.AnalyzerException;
import io.callstream.analyzer.Branch;
import io.callstream.analyzer.ChunkFindings;
import io.callstream.analyzer.ChunkRequest;
import io.callstream.analyzer.Finding;
import io.callstream.analyzer.Synthesis;
import io.callstream.analyzer.SynthesisRequest;
import io.callstream.analyzer.TranscriptLine;
import io.callstream.core.meeting.Meeting;
import io.callstream.core.meeting.Meetings;
import io.callstream.llmtest.Fault;
import io.callstream.llmtest.OpenAiTestServer;
import io.callstream.llmtest.RecordedRequest;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

class OpenAiAnalyzerTest {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Duration TIMEOUT = Duration.ofSeconds(30);
  private static final List<TranscriptLine> LINES = lines(Meetings.load("IS1004a"));
  private static final ChunkRequest CHUNK =
      new ChunkRequest(
          "ws-1", "call-1", "call-1:20", 1, LINES.subList(17, 20), LINES.subList(20, 80));

  @Test
  void shouldReturnFindingsAndBranchesCitingTheChunksOwnLines() throws Exception {
    try (OpenAiTestServer server = OpenAiTestServer.builder().start();
        OpenAiAnalyzer analyzer = analyzer(server, TIMEOUT)) {
      ChunkFindings findings = analyzer.analyze(CHUNK).get(30, TimeUnit.SECONDS);

      assertThat(findings.branches()).isNotEmpty();
      assertThat(findings.branches())
          .anySatisfy(branch -> assertThat(branch.children()).isNotEmpty());
      assertThat(findings.findings()).isNotEmpty();
      assertThat(citedIds(findings)).isNotEmpty().isSubsetOf(ids(CHUNK.lines()));
      assertThat(analyzer.name()).isEqualTo("openai");
    }
  }

  @Test
  void shouldAskForOurSchemaAsAStrictStructuredOutput() throws Exception {
    try (OpenAiTestServer server = OpenAiTestServer.builder().start();
        OpenAiAnalyzer analyzer = analyzer(server, TIMEOUT)) {
      analyzer.analyze(CHUNK).get(30, TimeUnit.SECONDS);

      JsonNode body = server.requests().get(0).json();
      JsonNode format = body.path("response_format");
      assertThat(format.path("type").asText()).isEqualTo("json_schema");
      assertThat(format.path("json_schema").path("name").asText()).isEqualTo("chunk_findings");
      assertThat(format.path("json_schema").path("strict").asBoolean()).isTrue();
      assertThat(format.path("json_schema").path("schema"))
          .isEqualTo(resource("schemas/chunk-findings.schema.json"));
      assertThat(body.path("model").asText()).isEqualTo("gpt-test");
      String user = body.path("messages").get(1).path("content").asText();
      TranscriptLine first = said(CHUNK.lines()).get(0);
      assertThat(user)
          .contains(PromptFormat.CONTEXT + "\n", "\n" + PromptFormat.CHUNK + "\n[1", first.text())
          .doesNotContain("seg-");
      assertThat(user.indexOf(PromptFormat.CONTEXT))
          .isLessThan(user.indexOf("\n" + PromptFormat.CHUNK + "\n"));
    }
  }

  @Test
  void shouldMapCitationsOfMergedLinesBackToEachOfTheirSegments() throws Exception {
    List<TranscriptLine> dialogActs = lines(Meetings.load("ES2002a.da"));
    ChunkRequest chunk =
        new ChunkRequest("ws-1", "call-1", "call-1:0", 0, List.of(), dialogActs.subList(0, 120));
    try (OpenAiTestServer server = OpenAiTestServer.builder().start();
        OpenAiAnalyzer analyzer = analyzer(server, TIMEOUT)) {
      ChunkFindings findings = analyzer.analyze(chunk).get(30, TimeUnit.SECONDS);

      String user =
          server.requests().get(0).json().path("messages").get(1).path("content").asText();
      assertThat(user).containsPattern("\n\\[\\d+,\\d+");
      assertThat(citedIds(findings)).isNotEmpty().isSubsetOf(ids(chunk.lines()));
      assertThat(findings.findings()).anyMatch(finding -> finding.segmentIds().size() > 1);
    }
  }

  @Test
  void shouldNameOwnersBySpeakerWhenThePromptAliasesThem() throws Exception {
    List<TranscriptLine> committee = lines(Meetings.load("education_19"));
    ChunkRequest chunk =
        new ChunkRequest("ws-1", "call-1", "call-1:0", 0, List.of(), committee.subList(0, 30));
    Set<String> speakers = new HashSet<>();
    chunk.lines().forEach(line -> speakers.add(line.speaker()));
    try (OpenAiTestServer server = OpenAiTestServer.builder().start();
        OpenAiAnalyzer analyzer = analyzer(server, TIMEOUT)) {
      ChunkFindings findings = analyzer.analyze(chunk).get(30, TimeUnit.SECONDS);

      String user =
          server.requests().get(0).json().path("messages").get(1).path("content").asText();
      assertThat(user).startsWith(PromptFormat.SPEAKERS + " A=");
      assertThat(findings.findings())
          .filteredOn(finding -> finding.owner() != null)
          .isNotEmpty()
          .allSatisfy(finding -> assertThat(speakers).contains(finding.owner()));
    }
  }

  @Test
  void shouldReportTheTokensTheProviderCounted() throws Exception {
    try (OpenAiTestServer server = OpenAiTestServer.builder().start();
        OpenAiAnalyzer analyzer = analyzer(server, TIMEOUT)) {
      ChunkFindings findings = analyzer.analyze(CHUNK).get(30, TimeUnit.SECONDS);

      RecordedRequest request = server.requests().get(0);
      assertThat(findings.usage().inputTokens()).isEqualTo(request.promptTokens());
      assertThat(findings.usage().outputTokens()).isEqualTo(request.completionTokens());
      assertThat(findings.usage().requests()).isEqualTo(1);
    }
  }

  @Test
  void shouldRepairAMalformedAnswerOnce() throws Exception {
    try (OpenAiTestServer server =
            OpenAiTestServer.builder().script(Fault.MALFORMED, Fault.OK).start();
        OpenAiAnalyzer analyzer = analyzer(server, TIMEOUT)) {
      ChunkFindings findings = analyzer.analyze(CHUNK).get(30, TimeUnit.SECONDS);

      assertThat(findings.findings()).isNotEmpty();
      assertThat(findings.usage().requests()).isEqualTo(2);
      List<RecordedRequest> requests = server.requests();
      assertThat(requests)
          .extracting(RecordedRequest::answer)
          .containsExactly(Fault.MALFORMED, Fault.OK);
      JsonNode messages = requests.get(1).json().path("messages");
      assertThat(messages).hasSize(4);
      assertThat(messages.get(2).path("role").asText()).isEqualTo("assistant");
      assertThat(messages.get(3).path("content").asText())
          .startsWith("Your answer is not valid JSON");
      assertThat(findings.usage().inputTokens())
          .isEqualTo(requests.get(0).promptTokens() + requests.get(1).promptTokens());
    }
  }

  @Test
  void shouldFailWithMalformedOutputWhenTheRepairIsMalformedToo() {
    try (OpenAiTestServer server =
            OpenAiTestServer.builder().script(Fault.MALFORMED, Fault.MALFORMED, Fault.OK).start();
        OpenAiAnalyzer analyzer = analyzer(server, TIMEOUT)) {
      AnalyzerException failure = failure(analyzer.analyze(CHUNK));

      assertThat(failure.kind()).isEqualTo(AnalyzerException.Kind.MALFORMED_OUTPUT);
      assertThat(server.requests()).hasSize(2);
    }
  }

  @Test
  void shouldReportRateLimitsWithTheServersRetryAfter() {
    try (OpenAiTestServer server =
            OpenAiTestServer.builder()
                .retryAfter(Duration.ofMillis(1500))
                .script(Fault.RATE_LIMITED)
                .start();
        OpenAiAnalyzer analyzer = analyzer(server, TIMEOUT)) {
      AnalyzerException failure = failure(analyzer.analyze(CHUNK));

      assertThat(failure.kind()).isEqualTo(AnalyzerException.Kind.RATE_LIMITED);
      assertThat(failure.retryAfter()).hasValue(Duration.ofMillis(1500));
      assertThat(server.requests()).hasSize(1);
    }
  }

  @Test
  void shouldReportServerErrorsAsUnavailable() {
    try (OpenAiTestServer server = OpenAiTestServer.builder().script(Fault.SERVER_ERROR).start();
        OpenAiAnalyzer analyzer = analyzer(server, TIMEOUT)) {
      AnalyzerException failure = failure(analyzer.analyze(CHUNK));

      assertThat(failure.kind()).isEqualTo(AnalyzerException.Kind.UNAVAILABLE);
      assertThat(server.requests()).hasSize(1);
    }
  }

  @Test
  void shouldReportAHangAsUnavailableAfterTheRequestTimeout() {
    try (OpenAiTestServer server = OpenAiTestServer.builder().script(Fault.HANG).start();
        OpenAiAnalyzer analyzer = analyzer(server, Duration.ofMillis(300))) {
      AnalyzerException failure = failure(analyzer.analyze(CHUNK));

      assertThat(failure.kind()).isEqualTo(AnalyzerException.Kind.UNAVAILABLE);
      assertThat(failure.getMessage()).contains("timed out");
      // the call timeout or, on a busy machine, the read timeout: both are I/O timeouts
      assertThat(causes(failure)).hasAtLeastOneElementOfType(InterruptedIOException.class);
    }
  }

  @Test
  void shouldReportABadRequestAsRejected() {
    try (OpenAiTestServer server = OpenAiTestServer.builder().script(Fault.BAD_REQUEST).start();
        OpenAiAnalyzer analyzer = analyzer(server, TIMEOUT)) {
      AnalyzerException failure = failure(analyzer.analyze(CHUNK));

      assertThat(failure.kind()).isEqualTo(AnalyzerException.Kind.REJECTED);
      assertThat(failure.kind().retriable()).isFalse();
    }
  }

  @Test
  void shouldReportAnUnreachableProviderAsUnavailable() throws IOException {
    int port;
    try (OpenAiTestServer server = OpenAiTestServer.builder().start()) {
      port = server.port();
    }
    try (OpenAiAnalyzer analyzer =
        OpenAiAnalyzer.create(
            OpenAiSettings.of(URI.create("http://127.0.0.1:" + port + "/v1"), "k", "m", TIMEOUT))) {
      assertThat(failure(analyzer.analyze(CHUNK)).kind())
          .isEqualTo(AnalyzerException.Kind.UNAVAILABLE);
    }
  }

  @Test
  void shouldSynthesizeACallFromItsMindmapAndFindings() throws Exception {
    try (OpenAiTestServer server = OpenAiTestServer.builder().start();
        OpenAiAnalyzer analyzer = analyzer(server, TIMEOUT)) {
      ChunkFindings findings = analyzer.analyze(CHUNK).get(30, TimeUnit.SECONDS);
      SynthesisRequest call =
          new SynthesisRequest("ws-1", "call-1", findings.branches(), findings.findings());

      Synthesis synthesis = analyzer.synthesize(call).get(30, TimeUnit.SECONDS);

      assertThat(synthesis.headline()).isEqualTo(findings.branches().get(0).label());
      assertThat(synthesis.summary()).contains(findings.branches().get(0).label());
      assertThat(synthesis.segmentIds()).isNotEmpty().isSubsetOf(citedIds(findings));
      assertThat(server.requests().get(1).schemaName()).isEqualTo("call_synthesis");
      assertThat(
              server
                  .requests()
                  .get(1)
                  .json()
                  .path("response_format")
                  .path("json_schema")
                  .path("schema"))
          .isEqualTo(resource("schemas/synthesis.schema.json"));
    }
  }

  @Test
  void shouldPassHallucinatedCitationsOnForGroundingToRemove() throws Exception {
    try (OpenAiTestServer server = OpenAiTestServer.builder().hallucinatedCitationRate(1).start();
        OpenAiAnalyzer analyzer = analyzer(server, TIMEOUT)) {
      ChunkFindings findings = analyzer.analyze(CHUNK).get(30, TimeUnit.SECONDS);

      assertThat(citedIds(findings)).anyMatch(id -> !ids(CHUNK.lines()).contains(id));
      assertThat(server.requests().get(0).hallucinatedCitation()).isTrue();
    }
  }

  @Test
  void shouldCiteTheRealSegmentIdsWhateverTheyLookLike() throws Exception {
    List<TranscriptLine> odd = new ArrayList<>();
    for (TranscriptLine line : CHUNK.lines()) {
      odd.add(
          new TranscriptLine(
              "call 1/segment [" + line.segmentId() + "]",
              line.speaker(),
              line.startMs(),
              line.endMs(),
              line.text()));
    }
    ChunkRequest chunk = new ChunkRequest("ws-1", "call-1", "call-1:20", 1, List.of(), odd);
    try (OpenAiTestServer server = OpenAiTestServer.builder().start();
        OpenAiAnalyzer analyzer = analyzer(server, TIMEOUT)) {
      ChunkFindings findings = analyzer.analyze(chunk).get(30, TimeUnit.SECONDS);

      assertThat(server.requests().get(0).body())
          .contains(PromptFormat.CHUNK + "\\n[1")
          .doesNotContain("segment [");
      assertThat(citedIds(findings)).isNotEmpty().isSubsetOf(ids(odd));
    }
  }

  private static OpenAiAnalyzer analyzer(OpenAiTestServer server, Duration timeout) {
    return OpenAiAnalyzer.create(
        OpenAiSettings.of(URI.create(server.baseUrl()), "test-key", "gpt-test", timeout));
  }

  private static AnalyzerException failure(CompletableFuture<?> future) {
    Throwable thrown = catchThrowable(() -> future.get(30, TimeUnit.SECONDS));
    assertThat(thrown).isInstanceOf(ExecutionException.class);
    assertThat(thrown.getCause()).isInstanceOf(AnalyzerException.class);
    return (AnalyzerException) thrown.getCause();
  }

  static List<TranscriptLine> lines(Meeting meeting) {
    List<TranscriptLine> lines = new ArrayList<>();
    for (int i = 0; i < meeting.turns().size(); i++) {
      Meeting.Turn turn = meeting.turns().get(i);
      lines.add(
          new TranscriptLine(
              "seg-" + i, turn.speaker(), turn.startMs(), turn.endMs(), turn.text()));
    }
    return List.copyOf(lines);
  }

  private static List<TranscriptLine> said(List<TranscriptLine> lines) {
    return lines.stream().filter(line -> !line.text().isBlank()).toList();
  }

  private static Set<String> ids(List<TranscriptLine> lines) {
    Set<String> ids = new HashSet<>();
    lines.forEach(line -> ids.add(line.segmentId()));
    return ids;
  }

  private static Set<String> citedIds(ChunkFindings findings) {
    Set<String> ids = new HashSet<>();
    findings.findings().stream().map(Finding::segmentIds).forEach(ids::addAll);
    findings.branches().stream()
        .flatMap(branch -> Stream.concat(Stream.of(branch), branch.children().stream()))
        .map(Branch::segmentIds)
        .forEach(ids::addAll);
    return ids;
  }

  private static JsonNode resource(String name) throws IOException {
    try (InputStream in = OpenAiAnalyzerTest.class.getClassLoader().getResourceAsStream(name)) {
      return JSON.readTree(in);
    }
  }

  private static List<Throwable> causes(Throwable failure) {
    List<Throwable> chain = new ArrayList<>();
    for (Throwable cause = failure;
        cause != null && !chain.contains(cause);
        cause = cause.getCause()) {
      chain.add(cause);
    }
    return chain;
  }
}
