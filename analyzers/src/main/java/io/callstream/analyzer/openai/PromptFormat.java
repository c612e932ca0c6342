package io.callstream.analyzer.openai;

import io.callstream.analyzer.Branch;
import io.callstream.analyzer.ChunkRequest;
import io.callstream.analyzer.Finding;
import io.callstream.analyzer.SynthesisRequest;
import io.callstream.analyzer.TranscriptLine;
import io.callstream.core.token.TokenCounter;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The prompts of the {@code openai} analyzer. Short on purpose: prompt tokens count against the
 * budget of LLM input tokens per transcript token (goal: 1.3 at most; {@code PromptBudgetTest}
 * measures it on real meetings), so the system prompts stay under 80 tokens.
 *
 * <p>The format, which the test server in {@code llm-test-server} ({@code
 * io.callstream.llmtest.PromptLines}) parses too and must keep agreeing with:
 *
 * <ul>
 *   <li>every line the model may cite is {@code [<ids>] <who>: <text>} on a line of its own, where
 *       {@code <ids>} is one segment id or several joined by {@code ,};
 *   <li>a chunk writes its transcript lines ({@code <who>} is the speaker) under {@value #CHUNK},
 *       preceded, when it has context, by the context lines under {@value #CONTEXT}: already
 *       analyzed, to be read but not cited, so they are written {@code <who>: <text>}, with no ids,
 *       and only their last {@value #MAX_CONTEXT_TOKENS} tokens. Consecutive segments of one
 *       speaker share a line, {@code [3,4,5] B: text text text}, up to about 150 tokens: the line
 *       prefix costs about 5 tokens, as much as a short segment's text;
 *   <li>a chunk may start with the legend {@value #SPEAKERS} {@code A=<name>; B=<name>}, when
 *       writing long speaker names once and a letter on each line saves tokens ({@link
 *       SpeakerAliases}); {@code <who>} is then the letter;
 *   <li>a synthesis writes the mindmap under {@value #TOPICS} ({@code <who>} is {@code topic} or
 *       {@code point}, points right after their topic) and the insights under {@value #FINDINGS}
 *       ({@code <who>} is the insight type).
 * </ul>
 *
 * <p>Segment ids are not written as they are: ours are UUIDs, about 20 tokens each, which would
 * double a chunk's prompt and which models copy badly. Each distinct id of a request gets a short
 * alias instead, its number in order of appearance ({@code [1]}, {@code [2]}...), which {@link
 * Prompt#segmentIds(String)} maps back. Line breaks in texts become spaces, and {@code :;=} in
 * speaker names too, so one line stays one line and the legend stays readable.
 */
public final class PromptFormat {

  public static final String SPEAKERS = "Speakers:";
  public static final String CONTEXT = "Context:";
  public static final String CHUNK = "Chunk:";
  public static final String TOPICS = "Topics:";
  public static final String FINDINGS = "Findings:";

  static final String CHUNK_SYSTEM =
      "Map a meeting transcript chunk. Lines: [ids] speaker: text. Context is background only."
          + " From the Chunk give 1-6 topics with key points, and findings (owner, due only if"
          + " said); every item cites the ids it rests on. Labels under 8 words, texts under 25,"
          + " in the transcript's language.";

  static final String SYNTHESIS_SYSTEM =
      "Summarize a whole meeting from its mindmap and findings. Lines are [ids] kind: text."
          + " Return a headline of at most 10 words for the mindmap's root, and a summary of 3 to"
          + " 6 sentences that cites the ids it rests on, in the language of the lines.";

  /**
   * Context past this many tokens is cut from the front: the chunker repeats about 120 tokens, but
   * always the previous chunk's whole last segment, however long.
   */
  static final int MAX_CONTEXT_TOKENS = 120;

  /**
   * One speaker's consecutive segments share a prompt line up to this many characters (about 150
   * tokens), so that a citation of the line still points near what it rests on.
   */
  static final int MAX_MERGED_CHARS = 600;

  private static final TokenCounter TOKENS = TokenCounter.o200k();
  private static final Pattern LINE_BREAKS = Pattern.compile("\\s*\\R\\s*");
  private static final Pattern SPACES = Pattern.compile("\\s+");
  private static final Pattern SPEAKER_MARKS = Pattern.compile("[:;=]");
  private static final String CUT = "\u2026";
  private static final int MAX_PROBLEM_CHARS = 600;

  private PromptFormat() {}

  /**
   * A prompt ready to send, and how to read the ids and speakers its answer cites.
   *
   * @param system the system message
   * @param user the user message
   * @param segmentIdsByAlias the segment id of each alias written into the prompt
   * @param speakersByAlias the speaker each legend letter stands for; empty with no legend
   */
  public record Prompt(
      String system,
      String user,
      Map<String, String> segmentIdsByAlias,
      Map<String, String> speakersByAlias) {

    public Prompt {
      segmentIdsByAlias = Map.copyOf(segmentIdsByAlias);
      speakersByAlias = Map.copyOf(speakersByAlias);
    }

    /**
     * The segment ids a citation stands for: one alias, or several written as the prompt writes
     * them ({@code "3,4"}, {@code "[3]"}); anything else is kept as it is, for grounding to remove.
     */
    public List<String> segmentIds(String cited) {
      String id = segmentIdsByAlias.get(cited);
      if (id != null) {
        return List.of(id);
      }
      List<String> ids = new ArrayList<>();
      for (String part : cited.split("[\\s,\\[\\]]+")) {
        if (!part.isEmpty()) {
          String known = segmentIdsByAlias.get(part);
          if (known == null) {
            return List.of(cited);
          }
          ids.add(known);
        }
      }
      return ids.isEmpty() ? List.of(cited) : ids;
    }

    /** The speaker a name in the answer stands for: a legend letter's speaker, else the name. */
    public String speaker(String name) {
      return speakersByAlias.getOrDefault(name, name);
    }
  }

  /**
   * The prompt for one chunk: its context lines, then its own. Lines with no text are left out:
   * they cost tokens and say nothing.
   */
  public static Prompt chunk(ChunkRequest chunk) {
    List<Turn> context = turns(contextTail(said(chunk.context())));
    List<Turn> own = turns(said(chunk.lines()));
    List<String> ids = new ArrayList<>();
    own.forEach(turn -> ids.addAll(turn.segmentIds()));
    List<String> speakers = new ArrayList<>();
    context.forEach(turn -> speakers.add(turn.speaker()));
    own.forEach(turn -> speakers.add(turn.speaker()));
    Map<String, String> aliases = aliases(ids);
    SpeakerAliases speakerAliases = SpeakerAliases.choose(speakers);
    StringBuilder user = new StringBuilder(speakerAliases.legend());
    if (!context.isEmpty()) {
      user.append(CONTEXT).append('\n');
      for (Turn turn : context) {
        user.append(speakerAliases.label(turn.speaker())).append(": ").append(turn.text());
        user.append('\n');
      }
    }
    user.append(CHUNK).append('\n');
    own.forEach(turn -> turn.write(speakerAliases, aliases, user));
    return new Prompt(
        CHUNK_SYSTEM, user.toString(), inverse(aliases), speakerAliases.speakersByAlias());
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
    return new Prompt(SYNTHESIS_SYSTEM, user.toString(), inverse(aliases), Map.of());
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

  /**
   * The context's last lines within {@link #MAX_CONTEXT_TOKENS}; the line that does not fit whole
   * keeps its last words, after an ellipsis.
   */
  private static List<TranscriptLine> contextTail(List<TranscriptLine> context) {
    Deque<TranscriptLine> kept = new ArrayDeque<>();
    int left = MAX_CONTEXT_TOKENS;
    for (int i = context.size() - 1; i >= 0; i--) {
      TranscriptLine line = context.get(i);
      String text = oneLine(line.text());
      int tokens = TOKENS.count(text);
      if (tokens <= left) {
        kept.addFirst(line);
        left -= tokens;
        continue;
      }
      String tail = lastWords(text, left - TOKENS.count(CUT));
      if (!tail.isEmpty()) {
        kept.addFirst(
            new TranscriptLine(
                line.segmentId(), line.speaker(), line.startMs(), line.endMs(), CUT + tail));
      }
      break;
    }
    return List.copyOf(kept);
  }

  /** The text's last words within about {@code budget} tokens (each word counted on its own). */
  private static String lastWords(String text, int budget) {
    String[] words = SPACES.split(text);
    int from = words.length;
    int tokens = 0;
    while (from > 0 && tokens + TOKENS.count(" " + words[from - 1]) <= budget) {
      tokens += TOKENS.count(" " + words[--from]);
    }
    return String.join(" ", Arrays.asList(words).subList(from, words.length));
  }

  /** One prompt line of a chunk: a speaker's consecutive segments, their texts joined. */
  private record Turn(List<String> segmentIds, String speaker, String text) {

    void write(SpeakerAliases speakers, Map<String, String> aliases, StringBuilder user) {
      line(segmentIds, speakers.label(speaker), text, aliases, user);
    }
  }

  /**
   * The lines as turns: consecutive lines of one speaker merge while the text stays within {@link
   * #MAX_MERGED_CHARS}.
   */
  private static List<Turn> turns(List<TranscriptLine> lines) {
    List<Turn> turns = new ArrayList<>();
    List<String> ids = new ArrayList<>();
    String speaker = "";
    StringBuilder text = new StringBuilder();
    for (TranscriptLine line : lines) {
      String who = speaker(line.speaker());
      String said = oneLine(line.text());
      if (!ids.isEmpty()
          && (!who.equals(speaker) || text.length() + 1 + said.length() > MAX_MERGED_CHARS)) {
        turns.add(new Turn(List.copyOf(ids), speaker, text.toString()));
        ids.clear();
        text.setLength(0);
      }
      ids.add(line.segmentId());
      speaker = who;
      text.append(text.isEmpty() ? "" : " ").append(said);
    }
    if (!ids.isEmpty()) {
      turns.add(new Turn(List.copyOf(ids), speaker, text.toString()));
    }
    return turns;
  }

  private static String speaker(String name) {
    String speaker = SPEAKER_MARKS.matcher(oneLine(name)).replaceAll(" ").strip();
    return speaker.isEmpty() ? "?" : speaker;
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
