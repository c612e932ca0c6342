package io.callstream.analyzer.openai;

import static org.assertj.core.api.Assertions.assertThat;

import io.callstream.analyzer.ChunkRequest;
import io.callstream.analyzer.TranscriptLine;
import io.callstream.core.meeting.Meetings;
import io.callstream.core.token.TokenCounter;
import io.callstream.llmtest.OpenAiTestServer;
import io.callstream.llmtest.RecordedRequest;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * What the prompt format costs: LLM prompt tokens (as the test server counts them, response schema
 * included) per transcript token, for a real 45-minute meeting cut into chunks of about 2,000
 * tokens with about 100 tokens of context, the sizes the chunker aims at.
 */
class PromptBudgetTest {

  private static final TokenCounter TOKENS = TokenCounter.o200k();

  @Test
  void shouldKeepPromptTokensWithinTheBudgetPerTranscriptToken() throws Exception {
    List<TranscriptLine> lines = OpenAiAnalyzerTest.lines(Meetings.load("education_19"));
    long text = 0;
    long transcript = 0;
    try (OpenAiTestServer server = OpenAiTestServer.builder().start();
        OpenAiAnalyzer analyzer =
            OpenAiAnalyzer.create(
                OpenAiSettings.of(
                    URI.create(server.baseUrl()), "k", "m", Duration.ofSeconds(30)))) {
      int from = 0;
      for (int index = 0; from < lines.size(); index++) {
        int to = from;
        int tokens = 0;
        while (to < lines.size() && tokens < 2000) {
          TranscriptLine line = lines.get(to++);
          tokens += TOKENS.count(line.text());
          transcript += TOKENS.count(line.speaker() + ": " + line.text() + "\n");
        }
        text += tokens;
        int contextFrom = from;
        int contextTokens = 0;
        while (contextFrom > 0 && contextTokens < 100) {
          contextTokens += TOKENS.count(lines.get(--contextFrom).text());
        }
        ChunkRequest chunk =
            new ChunkRequest(
                "ws",
                "call",
                "call:" + index,
                index,
                lines.subList(contextFrom, from),
                lines.subList(from, to));
        analyzer.analyze(chunk).get(30, TimeUnit.SECONDS);
        from = to;
      }
      long prompt = server.requests().stream().mapToLong(RecordedRequest::promptTokens).sum();
      double perTextToken = (double) prompt / text;
      double perTranscriptToken = (double) prompt / transcript;
      System.out.printf(
          "education_19: %d chunks, %d text tokens, %d speaker-labelled transcript tokens, %d prompt"
              + " tokens: %.3f per text token, %.3f per transcript token%n",
          server.requests().size(), text, transcript, prompt, perTextToken, perTranscriptToken);

      assertThat(perTranscriptToken).isLessThan(1.35);
      assertThat(perTextToken).isLessThan(1.5);
    }
  }
}
