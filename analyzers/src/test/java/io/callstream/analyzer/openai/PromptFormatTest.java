package io.callstream.analyzer.openai;

import static org.assertj.core.api.Assertions.assertThat;

import io.callstream.analyzer.Branch;
import io.callstream.analyzer.ChunkRequest;
import io.callstream.analyzer.Finding;
import io.callstream.analyzer.SynthesisRequest;
import io.callstream.analyzer.TranscriptLine;
import io.callstream.core.event.InsightType;
import io.callstream.core.token.TokenCounter;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class PromptFormatTest {

  private static final TokenCounter TOKENS = TokenCounter.o200k();

  private static final String UUID_A = "0b8f6c1e-4f7a-5d2e-9c3b-8a1d2e3f4a5b";
  private static final String UUID_B = "7c2d9e4f-1a3b-5c6d-8e9f-0a1b2c3d4e5f";
  private static final String UUID_C = "e3f4a5b6-c7d8-5e9f-a0b1-c2d3e4f5a6b7";

  @Test
  void shouldWriteContextLinesWithoutIdsBeforeTheChunksOwnNumberedLines() {
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
                + "\nAnna: We start with the budget.\n"
                + PromptFormat.CHUNK
                + "\n[1] Ben  the designer: I will send the costs.\n[2] Anna: Thanks.\n");
    assertThat(prompt.segmentIds("1")).containsExactly(UUID_B);
    assertThat(prompt.segmentIdsByAlias()).doesNotContainValue(UUID_A);
    assertThat(prompt.segmentIds("hallucinated-9")).containsExactly("hallucinated-9");
  }

  @Test
  void shouldMergeConsecutiveLinesOfOneSpeakerIntoOneLineCitableByEachId() {
    ChunkRequest chunk =
        new ChunkRequest(
            "ws",
            "call",
            "call:0",
            0,
            List.of(),
            List.of(
                line(UUID_A, "B", "Okay ."),
                line(UUID_B, "B", "So the costs ."),
                line(UUID_C, "D", "Yeah .")));

    PromptFormat.Prompt prompt = PromptFormat.chunk(chunk);

    assertThat(prompt.user())
        .isEqualTo(PromptFormat.CHUNK + "\n[1,2] B: Okay . So the costs .\n[3] D: Yeah .\n");
    assertThat(prompt.segmentIds("2")).containsExactly(UUID_B);
    assertThat(prompt.segmentIds("[1,2]")).containsExactly(UUID_A, UUID_B);
    assertThat(prompt.segmentIds("1, 3")).containsExactly(UUID_A, UUID_C);
    assertThat(prompt.segmentIds("1,99")).containsExactly("1,99");
  }

  @Test
  void shouldStartANewLineWhenAMergedLineWouldGrowPastItsLimit() {
    String half = "word ".repeat(PromptFormat.MAX_MERGED_CHARS / 10).strip();
    List<TranscriptLine> lines = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      lines.add(line("seg-" + i, "Anna", half));
    }

    String user =
        PromptFormat.chunk(new ChunkRequest("ws", "call", "call:0", 0, List.of(), lines)).user();

    assertThat(user)
        .startsWith(PromptFormat.CHUNK + "\n[1,2] Anna: " + half + " " + half + "\n[3,4] Anna: ")
        .contains("\n[5] Anna: " + half + "\n");
  }

  @Test
  void shouldAliasLongRecurringSpeakerNamesInALegendWhenThatSavesTokens() {
    List<TranscriptLine> lines = new ArrayList<>();
    for (int i = 0; i < 8; i++) {
      lines.add(line("seg-" + i, i % 2 == 0 ? "Kirsty Williams AM" : "Ben", "Point " + i + "."));
    }
    ChunkRequest chunk = new ChunkRequest("ws", "call", "call:0", 0, List.of(), lines);

    PromptFormat.Prompt prompt = PromptFormat.chunk(chunk);

    assertThat(prompt.user())
        .startsWith(
            PromptFormat.SPEAKERS
                + " A=Kirsty Williams AM\n"
                + PromptFormat.CHUNK
                + "\n[1] A: Point 0.\n[2] Ben: Point 1.\n");
    assertThat(prompt.speaker("A")).isEqualTo("Kirsty Williams AM");
    assertThat(prompt.speaker("Ben")).isEqualTo("Ben");
    assertThat(TOKENS.count(prompt.user())).isLessThan(TOKENS.count(unaliased(lines)));
  }

  @Test
  void shouldWriteNoLegendWhenNamesAreShortOrRare() {
    List<TranscriptLine> lines =
        List.of(
            line(UUID_A, "Kirsty Williams AM", "Once."),
            line(UUID_B, "A", "Short name."),
            line(UUID_C, "B", "Short too."));

    PromptFormat.Prompt prompt =
        PromptFormat.chunk(new ChunkRequest("ws", "call", "call:0", 0, List.of(), lines));

    assertThat(prompt.user()).startsWith(PromptFormat.CHUNK + "\n[1] Kirsty Williams AM: Once.");
    assertThat(prompt.speakersByAlias()).isEmpty();
  }

  @Test
  void shouldNeverUseALetterThatIsAlsoASpeakersName() {
    List<TranscriptLine> lines = new ArrayList<>();
    for (int i = 0; i < 8; i++) {
      lines.add(line("seg-" + i, i % 2 == 0 ? "Kirsty Williams AM" : "A", "Point " + i + "."));
    }

    PromptFormat.Prompt prompt =
        PromptFormat.chunk(new ChunkRequest("ws", "call", "call:0", 0, List.of(), lines));

    assertThat(prompt.user()).startsWith(PromptFormat.SPEAKERS + " B=Kirsty Williams AM\n");
    assertThat(prompt.user()).contains("\n[2] A: Point 1.\n");
    assertThat(prompt.speaker("A")).isEqualTo("A");
  }

  @Test
  void shouldKeepOnlyTheLastWordsOfALongContext() {
    String longTurn = "alpha beta gamma delta ".repeat(100) + "the end.";
    ChunkRequest chunk =
        new ChunkRequest(
            "ws",
            "call",
            "call:1",
            1,
            List.of(line(UUID_A, "Anna", longTurn)),
            List.of(line(UUID_B, "Ben", "Hi.")));

    String user = PromptFormat.chunk(chunk).user();

    String context =
        user.substring(PromptFormat.CONTEXT.length() + 1, user.indexOf(PromptFormat.CHUNK));
    assertThat(context).startsWith("Anna: \u2026").endsWith(" gamma delta the end.\n");
    assertThat(TOKENS.count(context)).isLessThanOrEqualTo(PromptFormat.MAX_CONTEXT_TOKENS + 5);
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
    assertThat(prompt.segmentIds("3")).containsExactly(UUID_C);
  }

  @Test
  void shouldKeepTheSystemPromptsUnder80Tokens() {
    assertThat(TOKENS.count(PromptFormat.CHUNK_SYSTEM)).isLessThan(80);
    assertThat(TOKENS.count(PromptFormat.SYNTHESIS_SYSTEM)).isLessThan(80);
  }

  @Test
  void shouldAskForARepairWithTheProblemOnOneLine() {
    String repair = PromptFormat.repair("not JSON:\nunexpected end of input " + "x".repeat(2000));

    assertThat(repair)
        .startsWith("Your answer is not valid JSON")
        .doesNotContain("\n")
        .hasSizeLessThan(800);
  }

  /** The chunk as the format wrote it before speaker aliases: every line with its name. */
  private static String unaliased(List<TranscriptLine> lines) {
    StringBuilder user = new StringBuilder(PromptFormat.CHUNK).append('\n');
    for (int i = 0; i < lines.size(); i++) {
      TranscriptLine line = lines.get(i);
      user.append('[').append(i + 1).append("] ").append(line.speaker()).append(": ");
      user.append(line.text()).append('\n');
    }
    return user.toString();
  }

  private static TranscriptLine line(String id, String speaker, String text) {
    return new TranscriptLine(id, speaker, 0, 1000, text);
  }
}
