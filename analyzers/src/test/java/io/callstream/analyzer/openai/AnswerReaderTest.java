package io.callstream.analyzer.openai;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.callstream.analyzer.ChunkFindings;
import io.callstream.analyzer.ChunkRequest;
import io.callstream.analyzer.Finding;
import io.callstream.analyzer.TokenUsage;
import io.callstream.analyzer.TranscriptLine;
import io.callstream.core.event.InsightType;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class AnswerReaderTest {

  private static final ObjectMapper JSON = new ObjectMapper();

  @Test
  void shouldReadLegendLettersAsSpeakersAndCitedAliasesAsSegmentIds() throws Exception {
    List<TranscriptLine> lines = new ArrayList<>();
    for (int i = 0; i < 12; i++) {
      String speaker = i < 2 || i % 2 == 0 ? "Kirsty Williams AM" : "Ben";
      lines.add(new TranscriptLine("seg-" + i, speaker, i * 1000L, i * 1000L + 900, "Line " + i));
    }
    PromptFormat.Prompt prompt =
        PromptFormat.chunk(new ChunkRequest("ws", "call", "call:0", 0, List.of(), lines));
    assertThat(prompt.user()).contains("\n[1,2,3] A: Line 0 Line 1 Line 2\n");
    String answer =
        """
        {"topics": [{"label": "Budget", "ids": ["1,2"], "points": []}],
         "findings": [{"type": "ACTION_ITEM", "text": "Send the costs", "owner": "A",
                       "due": null, "ids": ["3", "4", "ghost-7"]},
                      {"type": "DECISION", "text": "Keep the plan", "owner": "Ben",
                       "due": null, "ids": ["[5]"]}]}
        """;

    ChunkFindings findings =
        AnswerReader.chunkFindings(JSON.readTree(answer), prompt, new TokenUsage(10, 5, 1));

    assertThat(findings.branches().get(0).segmentIds()).containsExactly("seg-0", "seg-1");
    Finding action = findings.findings().get(0);
    assertThat(action.type()).isEqualTo(InsightType.ACTION_ITEM);
    assertThat(action.owner()).isEqualTo("Kirsty Williams AM");
    assertThat(action.segmentIds()).containsExactly("seg-2", "seg-3", "ghost-7");
    assertThat(findings.findings().get(1).owner()).isEqualTo("Ben");
    assertThat(findings.findings().get(1).segmentIds()).containsExactly("seg-4");
  }
}
