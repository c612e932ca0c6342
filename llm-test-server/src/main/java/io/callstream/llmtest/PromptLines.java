package io.callstream.llmtest;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
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
 *       #CONTEXT}: already analyzed, so never the source of findings, and written {@code <who>:
 *       <text>} with no ids to cite (the cited format is read there too). A line with several ids
 *       is one speaker's consecutive segments, their texts joined: which words belong to which id
 *       is not written;
 *   <li>a chunk request may start with a legend, {@value #SPEAKERS} {@code A=<name>; B=<name>}, and
 *       then {@code <who>} may be a letter standing for the speaker's name;
 *   <li>a synthesis request writes lines under {@value #TOPICS} ({@code <who>} is {@code topic} or
 *       {@code point}) and {@value #FINDINGS} ({@code <who>} is the insight type).
 * </ul>
 *
 * @param context lines under {@value #CONTEXT}
 * @param own every other line in the format
 * @param speakersByAlias the legend: the speaker each letter stands for
 */
record PromptLines(List<Line> context, List<Line> own, Map<String, String> speakersByAlias) {

  static final String SPEAKERS = "Speakers:";
  static final String CONTEXT = "Context:";
  static final String CHUNK = "Chunk:";
  static final String TOPICS = "Topics:";
  static final String FINDINGS = "Findings:";

  private static final Pattern LINE = Pattern.compile("^\\[([^\\]]*)] ([^:\\n]*): (.*)$");
  private static final Pattern CONTEXT_LINE = Pattern.compile("^([^:\\[\\n][^:\\n]*): (.*)$");

  /** One line: the ids it may be cited by, who said it (or what it is), and its text. */
  record Line(List<String> ids, String who, String text) {

    String firstId() {
      return ids.isEmpty() ? "" : ids.get(0);
    }
  }

  PromptLines {
    context = List.copyOf(context);
    own = List.copyOf(own);
    speakersByAlias = Map.copyOf(speakersByAlias);
  }

  /** Who a line's {@code <who>} is: the speaker its legend letter stands for, or itself. */
  String speaker(Line line) {
    return speakersByAlias.getOrDefault(line.who(), line.who());
  }

  /** The lines of every message given, in order. */
  static PromptLines parse(List<String> messages) {
    List<Line> context = new ArrayList<>();
    List<Line> own = new ArrayList<>();
    Map<String, String> speakers = new LinkedHashMap<>();
    for (String message : messages) {
      boolean inContext = false;
      for (String raw : message.split("\\R")) {
        String line = raw.strip();
        if (line.startsWith(SPEAKERS + " ")) {
          legend(line.substring(SPEAKERS.length()), speakers);
        } else if (line.equals(CONTEXT)) {
          inContext = true;
        } else if (line.equals(CHUNK) || line.equals(TOPICS) || line.equals(FINDINGS)) {
          inContext = false;
        } else {
          Matcher matcher = LINE.matcher(line);
          Matcher uncited = CONTEXT_LINE.matcher(line);
          if (inContext && !matcher.matches() && uncited.matches()) {
            context.add(new Line(List.of(), uncited.group(1).strip(), uncited.group(2).strip()));
          } else if (matcher.matches()) {
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
    return new PromptLines(context, own, speakers);
  }

  private static void legend(String entries, Map<String, String> speakers) {
    for (String entry : entries.split(";")) {
      int equals = entry.indexOf('=');
      if (equals > 0) {
        speakers.put(entry.substring(0, equals).strip(), entry.substring(equals + 1).strip());
      }
    }
  }
}
