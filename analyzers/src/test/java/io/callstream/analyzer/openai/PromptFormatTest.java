package io.callstream.analyzer.openai;

import static org.assertj.core.api.Assertions.assertThat;

import io.callstream.analyzer.Branch;
import io.callstream.analyzer.ChunkRequest;
import io.callstream.analyzer.Finding;
import io.callstream.analyzer.SynthesisRequest;
import io.callstream.analyzer.TranscriptLine;
import io.callstream.core.event.InsightType;
import io.callstream.core.token.TokenCounter;
import java.util.List;
import org.junit.jupiter.api.Test;

class PromptFormatTest {

  private static final String UUID_A = "0b8f6c1e-4f7a-5d2e-9c3b-8a1d2e3f4a5b";
  private static final String UUID_B = "7c2d9e4f-1a3b-5c6d-8e9f-0a1b2c3d4e5f";
  private static final String UUID_C = "e3f4a5b6-c7d8-5e9f-a0b1-c2d3e4f5a6b7";

  @Test
  void shouldWriteContextLinesBeforeTheChunksOwnOneLinePerSegment() {
    ChunkRequest chunk =
        new ChunkRequest(
            "ws",
            "call",
            "call:1",
            1,
            List.of(line(UUID_A, "Anna", "We start with the budget.")),
            List.of(
                line(UUID_B, "Ben: the designer", "I will send\nthe costs."),
                line(UUID_C, "Anna", "Thanks.")));

    PromptFormat.Prompt prompt = PromptFormat.chunk(chunk);

    assertThat(prompt.user())
        .isEqualTo(
            PromptFormat.CONTEXT
                + "\n[1] Anna: We start with the budget.\n"
                + PromptFormat.CHUNK
                + "\n[2] Ben  the designer: I will send the costs.\n[3] Anna: Thanks.\n");
    assertThat(prompt.segmentId("2")).isEqualTo(UUID_B);
    assertThat(prompt.segmentId("hallucinated-9")).isEqualTo("hallucinated-9");
  }

  @Test
  void shouldLeaveOutLinesWithNoTextAndTheContextSectionWhenThereIsNone() {
    ChunkRequest chunk =
        new ChunkRequest(
            "ws",
            "call",
            "call:0",
            0,
            List.of(),
            List.of(line(UUID_A, "Anna", " "), line(UUID_B, "Ben", "Hi.")));

    PromptFormat.Prompt prompt = PromptFormat.chunk(chunk);

    assertThat(prompt.user()).isEqualTo(PromptFormat.CHUNK + "\n[1] Ben: Hi.\n");
    assertThat(prompt.segmentIdsByAlias()).containsExactlyEntriesOf(java.util.Map.of("1", UUID_B));
  }

  @Test
  void shouldWriteTheMindmapAndFindingsForTheSynthesis() {
    SynthesisRequest call =
        new SynthesisRequest(
            "ws",
            "call",
            List.of(
                new Branch(
                    "Budget",
                    List.of(UUID_A, UUID_B),
                    List.of(new Branch("Costs", List.of(UUID_B), List.of())))),
            List.of(
                new Finding(
                    InsightType.ACTION_ITEM, "Send the costs", "Ben", "Friday", List.of(UUID_C))));

    PromptFormat.Prompt prompt = PromptFormat.synthesis(call);

    assertThat(prompt.user())
        .isEqualTo(
            PromptFormat.TOPICS
                + "\n[1,2] topic: Budget\n[2] point: Costs\n"
                + PromptFormat.FINDINGS
                + "\n[3] ACTION_ITEM: Send the costs (owner: Ben) (due: Friday)\n");
    assertThat(prompt.segmentId("3")).isEqualTo(UUID_C);
  }

  @Test
  void shouldKeepTheSystemPromptsUnder150Tokens() {
    assertThat(TokenCounter.o200k().count(PromptFormat.CHUNK_SYSTEM)).isLessThan(150);
    assertThat(TokenCounter.o200k().count(PromptFormat.SYNTHESIS_SYSTEM)).isLessThan(150);
  }

  @Test
  void shouldAskForARepairWithTheProblemOnOneLine() {
    String repair = PromptFormat.repair("not JSON:\nunexpected end of input " + "x".repeat(2000));

    assertThat(repair)
        .startsWith("Your answer is not valid JSON")
        .doesNotContain("\n")
        .hasSizeLessThan(800);
  }

  private static TranscriptLine line(String id, String speaker, String text) {
    return new TranscriptLine(id, speaker, 0, 1000, text);
  }
}
