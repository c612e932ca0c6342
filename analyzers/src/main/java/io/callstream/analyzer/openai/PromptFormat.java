package io.callstream.analyzer.openai;

import io.callstream.analyzer.Branch;
import io.callstream.analyzer.ChunkRequest;
import io.callstream.analyzer.Finding;
import io.callstream.analyzer.SynthesisRequest;
import io.callstream.analyzer.TranscriptLine;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The prompts of the {@code openai} analyzer. Short on purpose: prompt tokens count against the
 * budget of LLM input tokens per transcript token, so the system prompts stay under 150 tokens.
 *
 * <p>The format, which the test server in {@code llm-test-server} ({@code
 * io.callstream.llmtest.PromptLines}) parses too and must keep agreeing with:
 *
 * <ul>
 *   <li>every line the model may cite is {@code [<ids>] <who>: <text>} on a line of its own, where
 *       {@code <ids>} is one segment id or several joined by {@code ,};
 *   <li>a chunk writes its transcript lines ({@code <who>} is the speaker) under {@value #CHUNK},
 *       preceded, when it has context, by the context lines under {@value #CONTEXT}: already
 *       analyzed, to be read but not reported;
 *   <li>a synthesis writes the mindmap under {@value #TOPICS} ({@code <who>} is {@code topic} or
 *       {@code point}, points right after their topic) and the insights under {@value #FINDINGS}
 *       ({@code <who>} is the insight type).
 * </ul>
 *
 * <p>Segment ids are not written as they are: ours are UUIDs, about 20 tokens each, which would
 * double a chunk's prompt and which models copy badly. Each distinct id of a request gets a short
 * alias instead, its number in order of appearance ({@code [1]}, {@code [2]}...), which {@link
 * Prompt#segmentId(String)} maps back. Line breaks in texts become spaces, and colons in speaker
 * names too, so one line stays one line.
 */
public final class PromptFormat {

  public static final String CONTEXT = "Context, already analyzed:";
  public static final String CHUNK = "Chunk:";
  public static final String TOPICS = "Topics:";
  public static final String FINDINGS = "Findings:";

  static final String CHUNK_SYSTEM =
      "You map one chunk of a meeting transcript. Each line is [id] speaker: text. Lines under"
          + " \""
          + CONTEXT
          + "\" were mapped before: read them only to understand the chunk. From the lines under"
          + " \""
          + CHUNK
          + "\", return 1 to 6 topics, each with its key points, and the findings: action items"
          + " (owner and due only when said), decisions, open questions, objections, risks, next"
          + " steps. Every item cites the ids of the lines it rests on. Labels under 8 words,"
          + " texts under 25 words, in the transcript's language.";

  static final String SYNTHESIS_SYSTEM =
      "You summarize a whole meeting from its mindmap and findings. Each line is [ids] kind:"
          + " text. Return a headline of at most 10 words for the mindmap's root, and a summary"
          + " of 3 to 6 sentences that cites the ids it rests on. Write in the language of the"
          + " lines.";

  private static final Pattern LINE_BREAKS = Pattern.compile("\\s*\\R\\s*");
  private static final int MAX_PROBLEM_CHARS = 600;

  private PromptFormat() {}

  /**
   * A prompt ready to send, and how to read the ids its answer cites.
   *
   * @param system the system message
   * @param user the user message
   * @param segmentIdsByAlias the segment id of each alias written into the prompt
   */
  public record Prompt(String system, String user, Map<String, String> segmentIdsByAlias) {

    public Prompt {
      segmentIdsByAlias = Map.copyOf(segmentIdsByAlias);
    }

    /** The segment id a cited id stands for; an unknown id is kept, for grounding to remove. */
    public String segmentId(String cited) {
      return segmentIdsByAlias.getOrDefault(cited, cited);
    }
  }

  /**
   * The prompt for one chunk: its context lines, then its own. Lines with no text are left out:
   * they cost tokens and say nothing.
   */
  public static Prompt chunk(ChunkRequest chunk) {
    List<TranscriptLine> context = said(chunk.context());
    List<TranscriptLine> lines = said(chunk.lines());
    List<String> ids = new ArrayList<>();
    context.forEach(line -> ids.add(line.segmentId()));
    lines.forEach(line -> ids.add(line.segmentId()));
    Map<String, String> aliases = aliases(ids);
    StringBuilder user = new StringBuilder();
    if (!context.isEmpty()) {
      user.append(CONTEXT).append('\n');
      context.forEach(line -> transcriptLine(line, aliases, user));
    }
    user.append(CHUNK).append('\n');
    lines.forEach(line -> transcriptLine(line, aliases, user));
    return new Prompt(CHUNK_SYSTEM, user.toString(), inverse(aliases));
  }

  /** The prompt for the final pass: the merged mindmap's topics and points, then the findings. */
  public static Prompt synthesis(SynthesisRequest call) {
    List<String> ids = new ArrayList<>();
    call.mindmap().forEach(branch -> collectIds(branch, ids));
    call.findings().forEach(finding -> ids.addAll(finding.segmentIds()));
    Map<String, String> aliases = aliases(ids);
    StringBuilder user = new StringBuilder(TOPICS).append('\n');
    for (Branch topic : call.mindmap()) {
      line(topic.segmentIds(), "topic", topic.label(), aliases, user);
      topic.children().forEach(point -> points(point, aliases, user));
    }
    user.append(FINDINGS).append('\n');
    for (Finding finding : call.findings()) {
      String text = finding.text();
      if (finding.owner() != null) {
        text += " (owner: " + finding.owner() + ")";
      }
      if (finding.due() != null) {
        text += " (due: " + finding.due() + ")";
      }
      line(finding.segmentIds(), finding.type().name(), text, aliases, user);
    }
    return new Prompt(SYNTHESIS_SYSTEM, user.toString(), inverse(aliases));
  }

  /** The user message asking, once, for an answer that matches the schema. */
  static String repair(String problem) {
    String shown =
        problem.length() > MAX_PROBLEM_CHARS ? problem.substring(0, MAX_PROBLEM_CHARS) : problem;
    return "Your answer is not valid JSON of the required schema: "
        + oneLine(shown)
        + ". Answer again with the corrected JSON only.";
  }

  private static List<TranscriptLine> said(List<TranscriptLine> lines) {
    return lines.stream().filter(line -> !line.text().isBlank()).toList();
  }

  private static void transcriptLine(
      TranscriptLine line, Map<String, String> aliases, StringBuilder user) {
    String speaker = oneLine(line.speaker()).replace(':', ' ').strip();
    line(List.of(line.segmentId()), speaker.isEmpty() ? "?" : speaker, line.text(), aliases, user);
  }

  private static void points(Branch point, Map<String, String> aliases, StringBuilder user) {
    line(point.segmentIds(), "point", point.label(), aliases, user);
    point.children().forEach(deeper -> points(deeper, aliases, user));
  }

  private static void line(
      List<String> ids, String who, String text, Map<String, String> aliases, StringBuilder user) {
    user.append('[');
    for (int i = 0; i < ids.size(); i++) {
      user.append(i == 0 ? "" : ",").append(aliases.get(ids.get(i)));
    }
    user.append("] ").append(who).append(": ").append(oneLine(text)).append('\n');
  }

  private static void collectIds(Branch branch, List<String> ids) {
    ids.addAll(branch.segmentIds());
    branch.children().forEach(child -> collectIds(child, ids));
  }

  /** The alias of each distinct id: its number in order of first appearance. */
  private static Map<String, String> aliases(List<String> ids) {
    Map<String, String> aliases = new LinkedHashMap<>();
    for (String id : ids) {
      aliases.putIfAbsent(id, Integer.toString(aliases.size() + 1));
    }
    return aliases;
  }

  private static Map<String, String> inverse(Map<String, String> aliases) {
    Map<String, String> inverse = new LinkedHashMap<>();
    aliases.forEach((id, alias) -> inverse.put(alias, id));
    return inverse;
  }

  private static String oneLine(String text) {
    return LINE_BREAKS.matcher(text.strip()).replaceAll(" ");
  }
}
