package io.callstream.llmtest;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.callstream.llmtest.PromptLines.Line;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * Deterministic answers built from a prompt's lines, shaped as the analyzers' result schemas (the
 * openai analyzer's {@code schemas/chunk-findings.schema.json} and {@code
 * schemas/synthesis.schema.json}):
 *
 * <pre>
 * chunk_findings: {"topics": [{"label", "ids", "points": [{"label", "ids"}]}],
 *                  "findings": [{"type", "text", "owner", "due", "ids"}]}
 * call_synthesis: {"headline", "summary", "ids"}
 * </pre>
 *
 * The same lines and seed always give the same answer, hallucinated citation included. Topics group
 * the chunk's own lines; findings come from keyword rules, at most one per line: the first of its
 * sentences that a rule matches. Every topic, point and finding cites all the ids of the line it
 * comes from: a line with several ids is one speaker's segments merged, and which words belong to
 * which id is not in the prompt. Thread-safe.
 */
final class Answers {

  static final String CHUNK_SCHEMA = "chunk_findings";
  static final String SYNTHESIS_SCHEMA = "call_synthesis";

  /** The property that holds an item's cited ids, in both schemas. */
  static final String IDS = "ids";

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Pattern WORD = Pattern.compile("[\\p{L}\\p{N}']+");
  private static final Pattern SENTENCE_END = Pattern.compile("(?<=[.?!])\\s+");
  private static final Pattern DUE =
      Pattern.compile(
          "\\b(today|tomorrow|next week|end of the week|monday|tuesday|wednesday|thursday|friday)\\b");
  private static final Set<String> STOP =
      Set.of(
          "the",
          "and",
          "but",
          "for",
          "you",
          "yeah",
          "okay",
          "that",
          "this",
          "with",
          "have",
          "was",
          "are",
          "not",
          "just",
          "what",
          "then",
          "there",
          "they",
          "them",
          "uh",
          "um",
          "mm",
          "hmm",
          "it's",
          "that's",
          "i'm",
          "don't",
          "can",
          "could",
          "would",
          "should",
          "will",
          "well",
          "also",
          "some",
          "about",
          "like",
          "from",
          "into",
          "its",
          "our",
          "your",
          "we're",
          "you're",
          "there's",
          "because",
          "so",
          "all",
          "one",
          "get",
          "got",
          "yes",
          "right",
          "sure",
          "mean",
          "know",
          "think",
          "really",
          "thing",
          "things",
          "gonna",
          "kind",
          "sort",
          "actually",
          "been",
          "were",
          "has",
          "had",
          "how",
          "which",
          "who",
          "when",
          "where",
          "why",
          "out",
          "any",
          "more");
  private static final int MAX_TOPICS = 6;
  private static final int MAX_POINTS = 4;
  private static final int LABEL_WORDS = 5;
  private static final int MAX_TEXT = 200;

  private final long seed;
  private final double hallucinationRate;

  Answers(long seed, double hallucinationRate) {
    this.seed = seed;
    this.hallucinationRate = hallucinationRate;
  }

  /** An answer's message content and whether it cites a segment id the prompt does not have. */
  record Answer(String content, boolean hallucinated) {

    /** The content cut in half: JSON that does not parse. */
    String truncated() {
      return content.substring(0, Math.max(1, content.length() / 2));
    }
  }

  /**
   * The answer to a request for the given schema: a synthesis for {@value #SYNTHESIS_SCHEMA}, chunk
   * findings for anything else.
   */
  Answer answer(@Nullable String schemaName, PromptLines lines) {
    boolean synthesis = SYNTHESIS_SCHEMA.equals(schemaName);
    long hash = hash(synthesis, lines);
    @Nullable String ghost =
        new SplittableRandom(hash ^ seed).nextDouble() < hallucinationRate
            ? "hallucinated-" + Long.toHexString(hash & 0xffffffL)
            : null;
    return synthesis ? synthesis(lines, ghost) : chunk(lines, ghost);
  }

  private static Answer chunk(PromptLines lines, @Nullable String ghost) {
    ObjectNode root = JSON.createObjectNode();
    ArrayNode topics = root.putArray("topics");
    List<Line> own = lines.own();
    int groupSize = Math.max(3, (own.size() + MAX_TOPICS - 1) / MAX_TOPICS);
    for (int from = 0; from < own.size(); from += groupSize) {
      topic(own.subList(from, Math.min(own.size(), from + groupSize)), topics);
    }
    ArrayNode findings = root.putArray("findings");
    for (Line line : own) {
      for (String sentence : SENTENCE_END.split(line.text())) {
        if (finding(sentence, line, lines.speaker(line), findings)) {
          break;
        }
      }
    }
    boolean hallucinated = false;
    if (ghost != null) {
      ArrayNode target = findings.isEmpty() ? null : (ArrayNode) findings.get(0).get(IDS);
      if (target == null && !topics.isEmpty()) {
        target = (ArrayNode) topics.get(0).get(IDS);
      }
      if (target != null) {
        target.add(ghost);
        hallucinated = true;
      }
    }
    return new Answer(root.toString(), hallucinated);
  }

  private static void topic(List<Line> group, ArrayNode topics) {
    List<Line> candidates =
        group.stream().filter(line -> contentWords(line.text()).size() >= 2).toList();
    if (candidates.isEmpty()) {
      return;
    }
    Line head = candidates.get(0);
    for (Line line : candidates) {
      if (contentWords(line.text()).size() > contentWords(head.text()).size()) {
        head = line;
      }
    }
    ObjectNode topic = topics.addObject();
    topic.put("label", label(head));
    cite(head, topic);
    ArrayNode points = topic.putArray("points");
    for (Line line : candidates) {
      if (line != head && points.size() < MAX_POINTS) {
        ObjectNode point = points.addObject();
        point.put("label", label(line));
        cite(line, point);
      }
    }
  }

  /** Adds the finding the line's sentence makes, if it makes one. */
  private static boolean finding(String sentence, Line line, String speaker, ArrayNode findings) {
    String text = sentence.toLowerCase(Locale.ROOT);
    Set<String> words = new LinkedHashSet<>(words(text));
    String type;
    if (text.endsWith("?")) {
      type = "OPEN_QUESTION";
    } else if (text.contains("decided") || text.contains("agree")) {
      type = "DECISION";
    } else if (words.contains("will")
        || words.contains("i'll")
        || words.contains("we'll")
        || words.contains("you'll")
        || text.contains("going to")) {
      type = "ACTION_ITEM";
    } else if (text.contains("concern") || text.contains("worried")) {
      type = "OBJECTION";
    } else if (text.contains("problem") || text.contains("risk")) {
      type = "RISK";
    } else if (words.contains("next")) {
      type = "NEXT_STEP";
    } else {
      return false;
    }
    ObjectNode finding = findings.addObject();
    finding.put("type", type);
    finding.put("text", sentence.length() > MAX_TEXT ? sentence.substring(0, MAX_TEXT) : sentence);
    if (type.equals("ACTION_ITEM")) {
      finding.put("owner", speaker);
      Matcher due = DUE.matcher(text);
      if (due.find()) {
        finding.put("due", due.group(1));
      } else {
        finding.putNull("due");
      }
    } else {
      finding.putNull("owner");
      finding.putNull("due");
    }
    cite(line, finding);
    return true;
  }

  /** Cites every id of the line: the answer cannot tell which of them holds the words it used. */
  private static void cite(Line line, ObjectNode item) {
    ArrayNode ids = item.putArray(IDS);
    line.ids().forEach(ids::add);
  }

  private static Answer synthesis(PromptLines lines, @Nullable String ghost) {
    List<Line> topics = new ArrayList<>();
    Map<String, Integer> findingCounts = new LinkedHashMap<>();
    Set<String> ids = new LinkedHashSet<>();
    int findings = 0;
    for (Line line : lines.own()) {
      if (line.who().equals("topic")) {
        topics.add(line);
        if (topics.size() <= 5 && !line.ids().isEmpty()) {
          ids.add(line.firstId());
        }
      } else if (!line.who().equals("point")) {
        findingCounts.merge(line.who(), 1, Integer::sum);
        if (++findings <= 5 && !line.ids().isEmpty()) {
          ids.add(line.firstId());
        }
      }
    }
    String headline =
        topics.isEmpty()
            ? (findings == 0 ? "Call summary" : "Call with " + findings + " findings")
            : firstWords(topics.get(0).text(), 8);
    StringBuilder summary = new StringBuilder("The call covered ");
    if (topics.isEmpty()) {
      summary.append("no clear topics.");
    } else {
      summary.append(String.join("; ", topics.stream().limit(5).map(Line::text).toList()) + ".");
    }
    if (!findingCounts.isEmpty()) {
      List<String> counts = new ArrayList<>();
      findingCounts.forEach(
          (type, count) ->
              counts.add(
                  count
                      + " "
                      + type.toLowerCase(Locale.ROOT).replace('_', ' ')
                      + (count > 1 ? "s" : "")));
      summary.append(" It produced ").append(String.join(", ", counts)).append('.');
    }
    ObjectNode root = JSON.createObjectNode();
    root.put("headline", headline);
    root.put("summary", summary.toString());
    ArrayNode cited = root.putArray(IDS);
    ids.forEach(cited::add);
    if (ghost != null) {
      cited.add(ghost);
    }
    return new Answer(root.toString(), ghost != null);
  }

  private static String label(Line line) {
    return String.join(" ", contentWords(line.text()).stream().limit(LABEL_WORDS).toList());
  }

  private static String firstWords(String text, int count) {
    List<String> words = words(text);
    return words.isEmpty()
        ? "Call summary"
        : String.join(" ", words.stream().limit(count).toList());
  }

  private static List<String> contentWords(String text) {
    return words(text).stream()
        .filter(word -> word.length() >= 3 && !STOP.contains(word.toLowerCase(Locale.ROOT)))
        .toList();
  }

  private static List<String> words(String text) {
    List<String> words = new ArrayList<>();
    Matcher matcher = WORD.matcher(text);
    while (matcher.find()) {
      words.add(matcher.group());
    }
    return words;
  }

  private static long hash(boolean synthesis, PromptLines lines) {
    long hash = synthesis ? 17 : 31;
    for (List<Line> section : List.of(lines.context(), lines.own())) {
      for (Line line : section) {
        hash = 1_000_003L * hash + line.ids().hashCode();
        hash = 1_000_003L * hash + line.who().hashCode();
        hash = 1_000_003L * hash + line.text().hashCode();
      }
      hash = 1_000_003L * hash + 7;
    }
    return hash;
  }
}
