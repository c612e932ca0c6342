package io.callstream.analyzer.openai;

import io.callstream.core.token.TokenCounter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One-letter aliases for the speakers of one prompt whose names cost more tokens on every line than
 * once in a legend ({@code Speakers: A=Kirsty Williams AM; B=Lynne Neagle AM}). A committee's
 * "Kirsty Williams AM" is 4 tokens a line, "A" is 1; "Project Manager" (2 tokens) or AMI's "B" are
 * left as they are, since their legend entry would cost more than it saves. Letters that are a
 * speaker's own name in the prompt are never used as aliases.
 */
final class SpeakerAliases {

  private static final TokenCounter TOKENS = TokenCounter.o200k();
  private static final String LETTERS = "ABCDEFGHIJKLMNOPQRSTUVWXYZ";

  private final Map<String, String> aliasBySpeaker;

  private SpeakerAliases(Map<String, String> aliasBySpeaker) {
    this.aliasBySpeaker = aliasBySpeaker;
  }

  /**
   * Aliases for the speakers whose alias saves tokens, counted exactly (o200k).
   *
   * @param speakers the speaker of every line of the prompt, in order, repeats included
   */
  static SpeakerAliases choose(List<String> speakers) {
    Map<String, Integer> lines = new LinkedHashMap<>();
    speakers.forEach(speaker -> lines.merge(speaker, 1, Integer::sum));
    Map<String, String> aliases = new LinkedHashMap<>();
    int letter = 0;
    int saved = 0;
    for (Map.Entry<String, Integer> speaker : lines.entrySet()) {
      while (letter < LETTERS.length()
          && lines.containsKey(LETTERS.substring(letter, letter + 1))) {
        letter++;
      }
      if (letter == LETTERS.length()) {
        break;
      }
      String alias = LETTERS.substring(letter, letter + 1);
      String name = speaker.getKey();
      int perLine = TOKENS.count(" " + name + ":") - TOKENS.count(" " + alias + ":");
      int saving = speaker.getValue() * perLine - TOKENS.count(" " + entry(alias, name) + ";");
      if (saving > 0) {
        aliases.put(name, alias);
        saved += saving;
        letter++;
      }
    }
    if (saved <= TOKENS.count(PromptFormat.SPEAKERS + "\n")) {
      aliases.clear();
    }
    return new SpeakerAliases(aliases);
  }

  /** What a line writes for the speaker: its alias, or its name. */
  String label(String speaker) {
    return aliasBySpeaker.getOrDefault(speaker, speaker);
  }

  /** The speaker each alias stands for. */
  Map<String, String> speakersByAlias() {
    Map<String, String> speakers = new LinkedHashMap<>();
    aliasBySpeaker.forEach((speaker, alias) -> speakers.put(alias, speaker));
    return speakers;
  }

  /** The legend line, {@code Speakers: A=name; B=name} and a line break, or "" with no alias. */
  String legend() {
    if (aliasBySpeaker.isEmpty()) {
      return "";
    }
    StringBuilder legend = new StringBuilder(PromptFormat.SPEAKERS);
    String separator = " ";
    for (Map.Entry<String, String> speaker : aliasBySpeaker.entrySet()) {
      legend.append(separator).append(entry(speaker.getValue(), speaker.getKey()));
      separator = "; ";
    }
    return legend.append('\n').toString();
  }

  private static String entry(String alias, String name) {
    return alias + "=" + name;
  }
}
