package io.callstream.analyzer.local;

import io.callstream.analyzer.Finding;
import io.callstream.analyzer.TranscriptLine;
import io.callstream.core.event.InsightType;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * English rules that find insights sentence by sentence, each citing the line it is in. Cheap and
 * predictable; they miss what is said indirectly and catch some turns of phrase that are not meant.
 * Thread-safe.
 *
 * <ul>
 *   <li><b>Action item</b>: a commitment or request with a verb that does something: "I'll send",
 *       "I'm going to", "we need to", "let's", "can you", "you'll be working on". Owner: the
 *       speaker for "I", the named addressee for "you" ("Sam, can you…", "as the designer, you…"),
 *       nobody for "we". Due: a date phrase when one is said ("by Friday", "next week").
 *   <li><b>Decision</b>: "we decided", "let's go with", "we'll go for", "we agreed", "settled on",
 *       unless negated ("we haven't decided") or asked.
 *   <li><b>Open question</b>: a sentence ending in "?" with at least four words and two content
 *       words, that is no tag ("right?"), no request and no "can I…", and that nobody else answers
 *       with a few content words within the next three lines.
 *   <li><b>Risk</b> ("risk", "might not work", "delay", "deadline is tight") and <b>objection</b>
 *       ("concern", "worried", "problem with", "too expensive", "I disagree"): one per sentence,
 *       risk first.
 *   <li><b>Next step</b>: "next meeting", "next step", "follow up", "going forward".
 * </ul>
 */
final class InsightDetector {

  private static final int MAX_WORDS = 30;
  private static final int ANSWER_LOOKAHEAD = 3;
  private static final int ANSWER_CONTENT_WORDS = 4;

  /** Verbs after "I'll", "we're going to", "let's" that announce talk, not work. */
  private static final Set<String> TALK_VERBS =
      Words.set(
          """
          be say tell think guess admit bet mean see hear wait go leave stop pass hand hope
          imagine suppose assume remember skip come talk speak begin start show move turn like
          mind want need love let have sort
          """);

  /** Words that can follow "we'll" or "I'm going to" but are no verb ("we'll that's the end"). */
  private static final Set<String> NOT_VERBS =
      Words.set(
          """
          that this the a an it you we they he she i so not never there here what which to and or
          but of in on at for with all both now then well see um uh
          """);

  private static final String VERB =
      "((?:just |also |then |probably |definitely |quickly )?[a-z]+)";

  private static final Pattern SELF =
      Pattern.compile(
          "\\bi(?:'ll| will| shall|'m going to| am going to|'m gonna| am gonna| need to| have to|'ve"
              + " got to| must)\\s+"
              + VERB);
  private static final Pattern GROUP =
      Pattern.compile(
          "\\b(?:we(?:'ll| will| shall|'re going to| are going to|'re gonna| are gonna| need to|"
              + " have to|'ve got to| must| should)|let's|let us)\\s+"
              + VERB);
  private static final Pattern ADDRESSEE =
      Pattern.compile(
          "\\b(?:(?:can|could|would|will) you(?: please)?|you(?:'ll| will|'re going to| are going"
              + " to|'re gonna| are gonna| need to| have to| should| must)|please)\\s+"
              + VERB);
  private static final Pattern ACTION_ITEM = Pattern.compile("\\baction items?\\b");

  private static final Pattern DECISION =
      Pattern.compile(
          "\\b(?:we(?:'ve| have)? decided|decided (?:to|that|on|we)|(?:let's|let us|we'll|we will|"
              + "we're going to|we are going to|we're gonna) go (?:with|for)|we(?:'re| are) going"
              + " with|we(?:'ve| have)? agreed|(?:all )?agreed (?:to|that|on)|we(?: all)? agree"
              + " (?:to|that|on)|(?:it's|that's|it is|that is) (?:decided|settled|agreed)|settled"
              + " on|the decision is|our decision is|final decision)\\b");
  private static final Pattern NEGATION =
      Pattern.compile("(?:\\bnot\\b|\\bnever\\b|n't\\b|\\byet to\\b)[^.?!,;:]*$");
  private static final Pattern CLAUSE_END = Pattern.compile("[,;:.!?—–()]");

  private static final Pattern RISK =
      Pattern.compile(
          "\\b(?:risks?|risky|danger|dangerous|might not (?:be able|work|make it)|may not (?:be"
              + " able|work)|could (?:fail|go wrong)|delays?|delayed|behind schedule|bottleneck|"
              + "deadline (?:is|was) tight|tight deadline|jeopardi[sz]e)\\b");
  private static final Pattern OBJECTION =
      Pattern.compile(
          "\\b(?:concerned (?:about|that|with|by)|concerns? (?:about|over|with|that|for|is|are|"
              + "was)|(?:a|my|our|the|real|big|main|serious|some|have|has) concerns?|worried|worry"
              + " about|worries|problems? with|(?:the|a|big|main|real) problem|too (?:expensive|"
              + "costly|pricey|complicated|complex|heavy|slow)|can't afford|cannot afford|i"
              + " disagree|don't agree|not convinced|object to|objections?)\\b");
  private static final Pattern NEXT_STEP =
      Pattern.compile(
          "\\b(?:next meeting|next steps?|follow(?:-| )?up|going forward|moving forward|after this"
              + " meeting|next time we meet|for next time)\\b");

  /** "Can I thank…", "May I propose…": procedure phrased as a question. */
  private static final Set<String> PERMISSION = Set.of("can i", "could i", "may i", "might i");

  private static final Set<String> TAGS =
      Words.set(
          """
          right okay ok yeah yes no eh huh innit correct
          """);

  private static final String WEEKDAY =
      "(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday)";
  private static final String MONTH =
      "(?:january|february|march|april|may|june|july|august|september|october|november|december)";
  private static final String DAY = "\\d{1,2}(?:st|nd|rd|th)?";
  private static final String WHEN =
      "(?:tomorrow|tonight|today|the end of (?:the |this |next )?(?:day|week|month|quarter|year)|end"
          + " of (?:the |this |next )?(?:day|week|month|quarter|year)|(?:next|this) "
          + WEEKDAY
          + "|"
          + WEEKDAY
          + "|(?:next|this) (?:week|month|meeting|time|quarter|year)|this (?:afternoon|evening)|"
          + MONTH
          + " (?:the )?"
          + DAY
          + "|(?:the )?"
          + DAY
          + " (?:of )?"
          + MONTH
          + "|in (?:a|one|two|three|four|a couple of|\\d+) (?:days?|weeks?|months?))";
  private static final Pattern DUE_BY =
      Pattern.compile(
          "\\b(?:by|before|until|on|for) (?:the )?" + WHEN + "\\b", Pattern.CASE_INSENSITIVE);
  private static final Pattern DUE =
      Pattern.compile(
          "\\b(?:tomorrow|tonight|next meeting|(?:next|this) (?:week|month|"
              + WEEKDAY.substring(3, WEEKDAY.length() - 1)
              + ")|end of (?:the |this |next )?(?:day|week|month)|this (?:afternoon|evening)|in"
              + " (?:a|one|two|three|a couple of|\\d+) (?:days?|weeks?)|(?:on )?"
              + WEEKDAY
              + ")\\b",
          Pattern.CASE_INSENSITIVE);

  private static final Pattern VOCATIVE_FIRST =
      Pattern.compile("^(?:\\p{Lu}\\p{Ll}+ ){0,1}?(\\p{Lu}\\p{Ll}+)\\s*,");
  private static final Pattern VOCATIVE_LAST = Pattern.compile(",\\s*(\\p{Lu}\\p{Ll}+)\\s*[?.!]*$");
  private static final Pattern ROLE =
      Pattern.compile(
          "\\bas (?:the |our |a |an )?((?:[a-z]+ ){0,2}[a-z]+)\\s*,\\s*(?:um\\s*,?\\s*|uh\\s*,?\\s*)?you\\b(?!"
              + " know)",
          Pattern.CASE_INSENSITIVE);

  /** Capitalized words that open a sentence without naming anyone. */
  private static final Set<String> NOT_NAMES =
      Words.set(
          """
          okay ok so well yeah yes no right alright and but now then please um uh hmm oh sorry
          thanks great good fine i you we also actually anyway first next finally sure cool
          basically like because if when maybe perhaps again otherwise however today tomorrow
          there here this that it what how
          """);

  /** Every insight in the lines, in line order, each citing its line, duplicates removed. */
  List<Finding> find(List<TranscriptLine> lines) {
    Map<String, Finding> found = new LinkedHashMap<>();
    for (int i = 0; i < lines.size(); i++) {
      TranscriptLine line = lines.get(i);
      for (String sentence : Words.sentences(line.text())) {
        for (Finding finding : inSentence(sentence, line, lines, i)) {
          found.putIfAbsent(finding.type() + "\n" + finding.text(), finding);
        }
      }
    }
    return List.copyOf(found.values());
  }

  private List<Finding> inSentence(
      String sentence, TranscriptLine line, List<TranscriptLine> lines, int index) {
    String lower = sentence.toLowerCase(Locale.ROOT).replace('’', '\'');
    boolean asked = lower.endsWith("?");
    List<Finding> findings = new ArrayList<>();
    boolean decision = !asked && matchesUnnegated(DECISION, lower);
    if (decision) {
      add(findings, InsightType.DECISION, sentence, null, null, line);
    }
    boolean action = false;
    if (!decision) {
      @Nullable String owner = null;
      if (commits(SELF, lower)) {
        action = true;
        owner = line.speaker();
      } else if (commits(ADDRESSEE, lower)) {
        action = true;
        owner = addressee(sentence);
      } else if (commits(GROUP, lower)) {
        action = true;
      } else if (ACTION_ITEM.matcher(lower).find() && Words.contentCount(sentence) >= 3) {
        action = true;
      }
      if (action) {
        add(findings, InsightType.ACTION_ITEM, sentence, owner, due(sentence), line);
      }
    }
    if (asked) {
      if (!action && isOpenQuestion(sentence, line, lines, index)) {
        add(findings, InsightType.OPEN_QUESTION, sentence, null, null, line);
      }
      return findings;
    }
    if (Words.contentCount(sentence) >= 3) {
      if (matchesUnnegated(RISK, lower)) {
        add(findings, InsightType.RISK, sentence, null, null, line);
      } else if (matchesUnnegated(OBJECTION, lower)) {
        add(findings, InsightType.OBJECTION, sentence, null, null, line);
      }
    }
    if (!action && NEXT_STEP.matcher(lower).find() && Words.contentCount(sentence) >= 3) {
      add(findings, InsightType.NEXT_STEP, sentence, null, due(sentence), line);
    }
    return findings;
  }

  /** The date phrase of a sentence, preferring "by Friday" to a bare "Friday", or null. */
  static @Nullable String due(String sentence) {
    Matcher by = DUE_BY.matcher(sentence);
    if (by.find()) {
      return by.group();
    }
    Matcher when = DUE.matcher(sentence);
    return when.find() ? when.group() : null;
  }

  /** The person or role a request is addressed to, when the sentence names one, or null. */
  static @Nullable String addressee(String sentence) {
    Matcher role = ROLE.matcher(sentence);
    if (role.find()) {
      String named = role.group(1).strip();
      if (!NOT_NAMES.contains(named.split(" ")[0].toLowerCase(Locale.ROOT))) {
        return named;
      }
    }
    for (Pattern pattern : List.of(VOCATIVE_FIRST, VOCATIVE_LAST)) {
      Matcher name = pattern.matcher(sentence.strip());
      if (name.find() && !NOT_NAMES.contains(name.group(1).toLowerCase(Locale.ROOT))) {
        return name.group(1);
      }
    }
    return null;
  }

  /** Whether the pattern finds, unnegated, a verb that does work on something. */
  private static boolean commits(Pattern pattern, String lower) {
    Matcher matcher = pattern.matcher(lower);
    // Overlapping matches: in "i'll i'll send", the first "i'll" is followed by no verb.
    for (int from = 0; from < lower.length() && matcher.find(from); from = matcher.start() + 1) {
      String before = lower.substring(Math.max(0, matcher.start() - 25), matcher.start());
      if (!NEGATION.matcher(before).find() && isWork(matcher, lower)) {
        return true;
      }
    }
    return false;
  }

  /** A verb that does work, and something to do it on in the rest of its clause. */
  private static boolean isWork(Matcher matcher, String lower) {
    String verb = matcher.group(1);
    String bare = verb.substring(verb.lastIndexOf(' ') + 1);
    if (NOT_VERBS.contains(bare)
        || TALK_VERBS.contains(bare) && !continuesWithWork(lower, matcher.end())) {
      return false;
    }
    String rest = lower.substring(matcher.start(1));
    Matcher end = CLAUSE_END.matcher(rest);
    String clause = end.find() ? rest.substring(0, end.start()) : rest;
    return Words.contentCount(clause) >= 2;
  }

  /** "be sending", "have to send", "try to send", "just send": talk verbs that lead to work. */
  private static boolean continuesWithWork(String lower, int end) {
    String rest = lower.substring(end).strip();
    String next = rest.isEmpty() ? "" : rest.split("\\s+")[0];
    return next.endsWith("ing") && !TALK_VERBS.contains(next.substring(0, next.length() - 3))
        || rest.startsWith("to ") && rest.length() > 3;
  }

  private static boolean matchesUnnegated(Pattern pattern, String lower) {
    Matcher matcher = pattern.matcher(lower);
    while (matcher.find()) {
      String before = lower.substring(Math.max(0, matcher.start() - 25), matcher.start());
      if (!NEGATION.matcher(before).find() && Words.contentCount(lower) >= 2) {
        return true;
      }
    }
    return false;
  }

  private static boolean isOpenQuestion(
      String sentence, TranscriptLine line, List<TranscriptLine> lines, int index) {
    List<String> words = new ArrayList<>();
    for (String token : Words.tokens(sentence)) {
      if (!Words.isFiller(token)) {
        words.add(token);
      }
    }
    if (words.size() < 4 || Words.contentCount(sentence) < 2) {
      return false;
    }
    String opening = words.get(0) + " " + words.get(1);
    if (PERMISSION.contains(opening)) {
      return false;
    }
    String last = words.get(words.size() - 1);
    String lastTwo = words.get(words.size() - 2) + " " + last;
    if (TAGS.contains(last) || lastTwo.equals("you know") || lastTwo.equals("isn't it")) {
      return false;
    }
    int answer = 0;
    for (int j = index + 1; j < Math.min(lines.size(), index + 1 + ANSWER_LOOKAHEAD); j++) {
      if (!lines.get(j).speaker().equals(line.speaker())) {
        answer += Words.contentCount(lines.get(j).text());
      }
    }
    return answer < ANSWER_CONTENT_WORDS;
  }

  private static void add(
      List<Finding> findings,
      InsightType type,
      String sentence,
      @Nullable String owner,
      @Nullable String due,
      TranscriptLine line) {
    String text = Words.tidy(sentence, MAX_WORDS);
    if (!text.isBlank()) {
      findings.add(new Finding(type, text, owner, due, List.of(line.segmentId())));
    }
  }
}
