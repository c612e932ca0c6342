package io.callstream.ingest.transcript.format;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/** The text of subtitle cues: markup out, character references decoded, whitespace collapsed. */
final class CueText {

  /** The longest reference worth looking at: {@code &#x10FFFF;}, or a name of 32 letters. */
  private static final int LONGEST_REFERENCE = 34;

  /** SRT's formatting tags, the only ones removed from SRT text. */
  private static final Set<String> SRT_TAGS = Set.of("i", "b", "u", "s", "font");

  /**
   * The named references that turn up in subtitles. HTML knows two thousand more; those stay as
   * written rather than pull in a table for text that practically never uses them.
   */
  private static final Map<String, String> NAMED =
      Map.ofEntries(
          Map.entry("amp", "&"),
          Map.entry("lt", "<"),
          Map.entry("gt", ">"),
          Map.entry("quot", "\""),
          Map.entry("apos", "'"),
          // a transcript wants a plain space, not a no-break one
          Map.entry("nbsp", " "),
          Map.entry("lrm", "\u200E"),
          Map.entry("rlm", "\u200F"),
          Map.entry("ndash", "\u2013"),
          Map.entry("mdash", "\u2014"),
          Map.entry("hellip", "\u2026"),
          Map.entry("lsquo", "\u2018"),
          Map.entry("rsquo", "\u2019"),
          Map.entry("ldquo", "\u201C"),
          Map.entry("rdquo", "\u201D"));

  private CueText() {}

  /**
   * What one voice says in a cue.
   *
   * @param speaker the voice's annotation, or null for text of a cue without voice tags
   * @param text what it says, tags removed, references decoded, whitespace collapsed; not blank
   */
  record Voice(@Nullable String speaker, String text) {}

  /**
   * The voices of a WebVTT cue payload, in order. Every tag is removed; a {@code <v Speaker>} or
   * {@code <v.class Speaker>} tag starts the text of that speaker. Text outside voice tags belongs
   * to the voice before it, or to the first voice if it comes first; a closing {@code </v>} ends
   * nothing but the tag. A cue without voice tags is one voice without a speaker. Consecutive text
   * of one speaker is one voice; a cue with no text has no voices.
   */
  static List<Voice> webVtt(String payload) {
    // Text is gathered in builders, never by concatenating strings, so that a cue of many voice
    // tags costs linear time.
    List<@Nullable String> speakers = new ArrayList<>();
    List<StringBuilder> texts = new ArrayList<>();
    @Nullable String speaker = null;
    StringBuilder raw = new StringBuilder();
    int i = 0;
    while (i < payload.length()) {
      if (payload.charAt(i) == '<') {
        // WebVTT's tokenizer: a tag runs to '>' or to the end of the cue
        int close = payload.indexOf('>', i + 1);
        String tag = close < 0 ? payload.substring(i + 1) : payload.substring(i + 1, close);
        i = close < 0 ? payload.length() : close + 1;
        String annotation = voiceAnnotation(tag);
        if (annotation != null && !annotation.isEmpty()) {
          add(speakers, texts, speaker, raw);
          raw.setLength(0);
          speaker = annotation;
        }
      } else {
        int next = payload.indexOf('<', i);
        int end = next < 0 ? payload.length() : next;
        raw.append(decodeReferences(payload.substring(i, end)));
        i = end;
      }
    }
    add(speakers, texts, speaker, raw);
    if (speakers.size() > 1 && speakers.get(0) == null) {
      texts.get(1).insert(0, texts.get(0).append(' '));
      speakers.remove(0);
      texts.remove(0);
    }
    List<Voice> voices = new ArrayList<>(speakers.size());
    for (int v = 0; v < speakers.size(); v++) {
      voices.add(new Voice(speakers.get(v), texts.get(v).toString()));
    }
    return voices;
  }

  /**
   * The text of an SRT cue: formatting tags ({@code <i>}, {@code <b>}, {@code <u>}, {@code <s>},
   * {@code <font ...>}) and SSA override codes ({@code {\an8}}) removed, whitespace collapsed.
   */
  static String srt(String payload) {
    StringBuilder text = new StringBuilder(payload.length());
    // where the next '>' and '}' are, found once and reused, so that a cue full of unclosed tags
    // costs linear time
    int tagEnd = -1;
    int codeEnd = -1;
    int i = 0;
    while (i < payload.length()) {
      char c = payload.charAt(i);
      if (c == '<' && tagEnd != Integer.MAX_VALUE) {
        if (tagEnd < i) {
          tagEnd = closing(payload, '>', i);
        }
        if (tagEnd != Integer.MAX_VALUE && isSrtTag(payload, i + 1, tagEnd)) {
          i = tagEnd + 1;
          continue;
        }
      } else if (c == '{' && payload.startsWith("\\", i + 1) && codeEnd != Integer.MAX_VALUE) {
        if (codeEnd < i) {
          codeEnd = closing(payload, '}', i);
        }
        if (codeEnd != Integer.MAX_VALUE) {
          i = codeEnd + 1;
          continue;
        }
      }
      text.append(c);
      i++;
    }
    return collapse(text);
  }

  /** The index of the first {@code c} after {@code from}, or {@link Integer#MAX_VALUE}. */
  private static int closing(String text, char c, int from) {
    int index = text.indexOf(c, from + 1);
    return index < 0 ? Integer.MAX_VALUE : index;
  }

  /** Whether {@code text[from, end)}, the inside of a tag, is an SRT formatting tag. */
  private static boolean isSrtTag(String text, int from, int end) {
    int start = from < end && text.charAt(from) == '/' ? from + 1 : from;
    int nameEnd = start;
    while (nameEnd < end && nameEnd - start <= 4 && !Character.isWhitespace(text.charAt(nameEnd))) {
      nameEnd++;
    }
    return (nameEnd == end || Character.isWhitespace(text.charAt(nameEnd)))
        && SRT_TAGS.contains(text.substring(start, nameEnd).toLowerCase(Locale.ROOT));
  }

  /** The annotation of a voice start tag ({@code v Ana}, {@code v.loud Ana}), else null. */
  private static @Nullable String voiceAnnotation(String tag) {
    if (!tag.startsWith("v")
        || !(tag.length() == 1 || tag.charAt(1) == '.' || Character.isWhitespace(tag.charAt(1)))) {
      return null;
    }
    int space = 1;
    while (space < tag.length() && !Character.isWhitespace(tag.charAt(space))) {
      space++;
    }
    return collapse(decodeReferences(tag.substring(space)));
  }

  /** Adds {@code raw}'s text to the voice of {@code speaker}: the last one if it is the same. */
  private static void add(
      List<@Nullable String> speakers,
      List<StringBuilder> texts,
      @Nullable String speaker,
      StringBuilder raw) {
    String text = collapse(raw);
    if (text.isEmpty()) {
      return;
    }
    int last = speakers.size() - 1;
    if (last >= 0 && Objects.equals(speakers.get(last), speaker)) {
      texts.get(last).append(' ').append(text);
    } else {
      speakers.add(speaker);
      texts.add(new StringBuilder(text));
    }
  }

  /** Decodes HTML character references; anything else that starts with {@code &} stays. */
  private static String decodeReferences(String text) {
    int amp = text.indexOf('&');
    if (amp < 0) {
      return text;
    }
    StringBuilder decoded = new StringBuilder(text.length());
    int i = 0;
    while (amp >= 0) {
      decoded.append(text, i, amp);
      // look for the ';' only as far as a reference can reach: a text of many '&' stays linear
      int semicolon = amp + 1;
      int limit = Math.min(text.length(), amp + LONGEST_REFERENCE);
      while (semicolon < limit && text.charAt(semicolon) != ';') {
        semicolon++;
      }
      @Nullable String reference =
          semicolon < limit ? reference(text.substring(amp + 1, semicolon)) : null;
      if (reference == null) {
        decoded.append('&');
        i = amp + 1;
      } else {
        decoded.append(reference);
        i = semicolon + 1;
      }
      amp = text.indexOf('&', i);
    }
    return decoded.append(text, i, text.length()).toString();
  }

  /** What {@code &name;} stands for, without the {@code &} and {@code ;}; null if nothing. */
  private static @Nullable String reference(String name) {
    if (!name.startsWith("#")) {
      return NAMED.get(name);
    }
    boolean hex = name.startsWith("#x") || name.startsWith("#X");
    String digits = name.substring(hex ? 2 : 1);
    int radix = hex ? 16 : 10;
    if (digits.isEmpty() || digits.length() > (hex ? 6 : 7)) {
      return null;
    }
    for (int d = 0; d < digits.length(); d++) {
      char c = digits.charAt(d);
      if (c > 'z' || Character.digit(c, radix) < 0) {
        return null;
      }
    }
    int codePoint = Integer.parseInt(digits, radix);
    // as HTML does: no NUL, no surrogate halves, nothing past Unicode
    if (codePoint == 0
        || codePoint > Character.MAX_CODE_POINT
        || (codePoint >= Character.MIN_SURROGATE && codePoint <= Character.MAX_SURROGATE)) {
      return "\uFFFD";
    }
    return Character.toString(codePoint);
  }

  /** {@code text} with every run of whitespace made one space, and none at either end. */
  private static String collapse(CharSequence text) {
    StringBuilder collapsed = new StringBuilder(text.length());
    boolean space = false;
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (Character.isWhitespace(c)) {
        space = collapsed.length() > 0;
      } else {
        if (space) {
          collapsed.append(' ');
          space = false;
        }
        collapsed.append(c);
      }
    }
    return collapsed.toString();
  }
}
