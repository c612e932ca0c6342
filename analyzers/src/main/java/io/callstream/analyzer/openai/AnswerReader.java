package io.callstream.analyzer.openai;

import com.fasterxml.jackson.databind.JsonNode;
import io.callstream.analyzer.Branch;
import io.callstream.analyzer.ChunkFindings;
import io.callstream.analyzer.Finding;
import io.callstream.analyzer.Synthesis;
import io.callstream.analyzer.TokenUsage;
import io.callstream.core.event.InsightType;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * Reads an answer that matched its schema into our records, mapping cited aliases back to segment
 * ids and legend letters back to speakers. Items with a blank label or text are dropped rather than
 * repaired (strict mode cannot forbid blank strings); a synthesis without a headline or summary is
 * an error worth a repair.
 */
final class AnswerReader {

  private AnswerReader() {}

  static ChunkFindings chunkFindings(JsonNode json, PromptFormat.Prompt prompt, TokenUsage usage) {
    List<Branch> branches = new ArrayList<>();
    for (JsonNode topic : json.path("topics")) {
      String label = topic.path("label").asText("").strip();
      if (label.isEmpty()) {
        continue;
      }
      List<Branch> points = new ArrayList<>();
      for (JsonNode point : topic.path("points")) {
        String pointLabel = point.path("label").asText("").strip();
        if (!pointLabel.isEmpty()) {
          points.add(new Branch(pointLabel, ids(point, prompt), List.of()));
        }
      }
      branches.add(new Branch(label, ids(topic, prompt), points));
    }
    List<Finding> findings = new ArrayList<>();
    for (JsonNode finding : json.path("findings")) {
      String text = finding.path("text").asText("").strip();
      if (!text.isEmpty()) {
        findings.add(
            new Finding(
                InsightType.valueOf(finding.path("type").asText()),
                text,
                owner(finding.path("owner"), prompt),
                optional(finding.path("due")),
                ids(finding, prompt)));
      }
    }
    return new ChunkFindings(branches, findings, usage);
  }

  static Synthesis synthesis(JsonNode json, PromptFormat.Prompt prompt, TokenUsage usage) {
    String headline = json.path("headline").asText("").strip();
    String summary = json.path("summary").asText("").strip();
    if (headline.isEmpty() || summary.isEmpty()) {
      throw new IllegalArgumentException("headline and summary must not be empty");
    }
    return new Synthesis(headline, summary, ids(json, prompt), usage);
  }

  private static List<String> ids(JsonNode item, PromptFormat.Prompt prompt) {
    Set<String> ids = new LinkedHashSet<>();
    for (JsonNode id : item.path("ids")) {
      String cited = id.asText("").strip();
      if (!cited.isEmpty()) {
        ids.addAll(prompt.segmentIds(cited));
      }
    }
    return List.copyOf(ids);
  }

  /** The owner by name: a legend letter the model copied is read as the speaker it stands for. */
  private static @Nullable String owner(JsonNode value, PromptFormat.Prompt prompt) {
    String owner = optional(value);
    return owner == null ? null : prompt.speaker(owner);
  }

  private static @Nullable String optional(JsonNode value) {
    if (value.isNull() || value.isMissingNode()) {
      return null;
    }
    String text = value.asText().strip();
    return text.isEmpty() ? null : text;
  }
}
