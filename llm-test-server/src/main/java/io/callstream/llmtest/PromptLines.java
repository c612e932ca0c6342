package io.callstream.llmtest;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The lines of a prompt in the analyzers' format, which the openai analyzer's {@code PromptFormat}
 * writes (io.callstream.analyzer.openai; this module must not depend on it, so the format is
 * documented in both places):
 *
 * <ul>
 *   <li>every line the model may cite is {@code [<ids>] <who>: <text>} on a line of its own, where
 *       {@code <ids>} is one id or several joined by {@code ,} (the analyzer writes short aliases
 *       of the segment ids, {@code 1}, {@code 2}..., and maps cited ones back; answers cite the ids
 *       as written);
 *   <li>a chunk request writes transcript lines ({@code <who>} is the speaker) under {@value
 *       #CHUNK}, preceded, when the chunk has context, by the context lines under {@value
 *       #CONTEXT}: already analyzed, so never the source of findings;
 *   <li>a synthesis request writes lines under {@value #TOPICS} ({@code <who>} is {@code topic} or
 *       {@code point}) and {@value #FINDINGS} ({@code <who>} is the insight type).
 * </ul>
 *
 * @param context lines under {@value #CONTEXT}
 * @param own every other line in the format
 */
record PromptLines(List<Line> context, List<Line> own) {

  static final String CONTEXT = "Context, already analyzed:";
  static final String CHUNK = "Chunk:";
  static final String TOPICS = "Topics:";
  static final String FINDINGS = "Findings:";

  private static final Pattern LINE = Pattern.compile("^\\[([^\\]]*)] ([^:\\n]*): (.*)$");

  /** One line: the ids it may be cited by, who said it (or what it is), and its text. */
  record Line(List<String> ids, String who, String text) {

    String firstId() {
      return ids.isEmpty() ? "" : ids.get(0);
    }
  }

  /** The lines of every message given, in order. */
  static PromptLines parse(List<String> messages) {
    List<Line> context = new ArrayList<>();
    List<Line> own = new ArrayList<>();
    for (String message : messages) {
      boolean inContext = false;
      for (String raw : message.split("\\R")) {
        String line = raw.strip();
        if (line.equals(CONTEXT)) {
          inContext = true;
        } else if (line.equals(CHUNK) || line.equals(TOPICS) || line.equals(FINDINGS)) {
          inContext = false;
        } else {
          Matcher matcher = LINE.matcher(line);
          if (matcher.matches()) {
            List<String> ids =
                Arrays.stream(matcher.group(1).split(","))
                    .map(String::strip)
                    .filter(id -> !id.isEmpty())
                    .toList();
            Line parsed = new Line(ids, matcher.group(2).strip(), matcher.group(3).strip());
            (inContext ? context : own).add(parsed);
          }
        }
      }
    }
    return new PromptLines(List.copyOf(context), List.copyOf(own));
  }
}
