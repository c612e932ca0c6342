package io.callstream.analyzer.local;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * English word lists and the small text clean-ups of spoken transcripts that the local analyzer
 * needs: which words carry content, which are fillers, how to split lines into sentences. Hand
 * written on purpose: a stop-word library would not know spoken fillers and discourse markers.
 */
final class Words {

  /** Sounds and tokens that fill a pause; never part of a label or a key point. */
  static final Set<String> FILLERS =
      set(
          """
          um uh uhm umm erm er ah eh hm hmm mm mhm mm-hmm uh-huh okay ok yeah yep yup oh
          """);

  /**
   * Function words, conversational discourse markers and the commonest verbs of talk: words that
   * say nothing about what a topic is about. Union of a classic English stop list and words that
   * dominate meeting speech ("think", "gonna", "kind of").
   */
  private static final Set<String> STOP =
      set(
          """
          a about above after again against all am an and any are aren't as at be because been
          before being below between both but by can can't cannot could couldn't did didn't do
          does doesn't doing don't down during each few for from further had hadn't has hasn't
          have haven't having he he'd he'll he's her here here's hers herself him himself his how
          how's i i'd i'll i'm i've if in into is isn't it it's its itself let's me more most
          mustn't my myself no nor not of off on once only or other ought our ours ourselves out
          over own same shan't she she'd she'll she's should shouldn't so some such than that
          that's the their theirs them themselves then there there's these they they'd they'll
          they're they've this those through to too under until up very was wasn't we we'd we'll
          we're we've were weren't what what's when when's where where's which while who who's
          whom why why's will with won't would wouldn't you you'd you'll you're you've your yours
          yourself yourselves also just like really actually basically well right alright sure yes
          maybe probably perhaps gonna wanna gotta kinda sort kind thing things stuff lot lots bit
          know think thought mean means guess get gets got getting go goes going went gone want
          wanted say says said saying see seen look looks looking let need needs make makes made
          take put come came coming one ones something anything everything nothing someone anyone
          everyone everybody somebody way much many even still already now today yet though
          although however either neither whether quite pretty rather anyway great good fine nice
          thanks thank please hi hello bye cool wow gosh course indeed certainly obviously exactly
          absolutely definitely totally tell told talk talking ask asked bring us may might must
          shall can't etcetera etc sorry fact point question time times ago least another every
          else regard terms respect sense example instance s t d ll re ve m
          """);

  private static final Set<String> LEADING_MARKERS =
      set(
          """
          so and but well now right alright anyway like then
          """);

  private static final Pattern WORD = Pattern.compile("[\\p{L}\\p{N}]+(?:['’-][\\p{L}\\p{N}]+)*");
  private static final Pattern SENTENCE_END = Pattern.compile("(?<=[.!?])\\s+");
  private static final Pattern SPACE_BEFORE_PUNCTUATION = Pattern.compile("\\s+([.,!?;:])");
  private static final Pattern SPACES = Pattern.compile("\\s+");

  private Words() {}

  /** The words of a whitespace-separated list, duplicates allowed. */
  static Set<String> set(String words) {
    return Set.copyOf(Arrays.asList(words.strip().split("\\s+")));
  }

  /** Lower-case word tokens of the text, apostrophes kept ({@code we'll}). */
  static List<String> tokens(String text) {
    List<String> tokens = new ArrayList<>();
    Matcher matcher = WORD.matcher(text);
    while (matcher.find()) {
      tokens.add(matcher.group().replace('’', '\'').toLowerCase(Locale.ROOT));
    }
    return tokens;
  }

  static boolean isFiller(String token) {
    return FILLERS.contains(token);
  }

  /** A word that can say what a topic is about: no stop word, filler or bare number. */
  static boolean isContent(String token) {
    return token.length() > 1
        && !STOP.contains(token)
        && !FILLERS.contains(token)
        && !token.chars().allMatch(Character::isDigit);
  }

  static int contentCount(String text) {
    int count = 0;
    for (String token : tokens(text)) {
      if (isContent(token)) {
        count++;
      }
    }
    return count;
  }

  /** Sentences of a line; AMI writes {@code " ."} with a space, which this tolerates. */
  static List<String> sentences(String text) {
    String tidy = SPACE_BEFORE_PUNCTUATION.matcher(text.strip()).replaceAll("$1");
    List<String> sentences = new ArrayList<>();
    for (String sentence : SENTENCE_END.split(tidy)) {
      if (!sentence.isBlank()) {
        sentences.add(sentence.strip());
      }
    }
    return sentences;
  }

  /**
   * The text without fillers, without stuttered repeats ("our our project") and without leading
   * discourse markers ("so", "and", "well"), cut to at most {@code maxWords} words.
   */
  static String tidy(String text, int maxWords) {
    String[] words = SPACES.split(SPACE_BEFORE_PUNCTUATION.matcher(text.strip()).replaceAll("$1"));
    List<String> kept = new ArrayList<>();
    String previous = "";
    for (String word : words) {
      String bare = bare(word);
      if (bare.isEmpty() || isFiller(bare)) {
        // A filler with trailing punctuation ("um,") goes; a bare "," left by it goes too.
        continue;
      }
      if (bare.equals(previous)) {
        continue;
      }
      if (kept.isEmpty() && LEADING_MARKERS.contains(bare)) {
        continue;
      }
      kept.add(word);
      previous = bare;
    }
    boolean cut = kept.size() > maxWords;
    List<String> shown = cut ? kept.subList(0, maxWords) : kept;
    String joined = String.join(" ", shown).replaceAll("^[,;:.\\s]+", "").replaceAll("[,;:]+$", "");
    if (joined.isEmpty()) {
      return "";
    }
    String capitalized = Character.toUpperCase(joined.charAt(0)) + joined.substring(1);
    return cut ? capitalized + "…" : capitalized;
  }

  private static String bare(String word) {
    return word.replaceAll("^[^\\p{L}\\p{N}]+|[^\\p{L}\\p{N}]+$", "")
        .replace('’', '\'')
        .toLowerCase(Locale.ROOT);
  }
}
