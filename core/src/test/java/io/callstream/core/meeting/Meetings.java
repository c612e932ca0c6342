package io.callstream.core.meeting;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.regex.Pattern;

/**
 * The real meetings of {@code ../shared/data/meetings}, copied into the test resources ({@code
 * /meetings}), as turns and references. Markup such as {@code {vocalsound}} is removed.
 */
public final class Meetings {

  /** Every meeting, QMSum and AMI alike. */
  public static final List<String> NAMES =
      List.of("ES2002a", "IS1004a", "education_19", "ES2002a.da", "IS1008a.da");

  /** The QMSum meetings: they have reference topic spans. */
  public static final List<String> WITH_TOPICS = List.of("ES2002a", "IS1004a", "education_19");

  private static final Pattern MARKUP = Pattern.compile("\\{[a-z]+}");
  private static final Pattern SPACES = Pattern.compile("\\s+");
  private static final long MS_PER_WORD = 400;
  private static final ObjectMapper JSON = new ObjectMapper();

  private Meetings() {}

  public static List<Meeting> all() {
    return NAMES.stream().map(Meetings::load).toList();
  }

  /** A QMSum meeting by name ({@code education_19}), or an AMI one by {@code name.da}. */
  public static Meeting load(String name) {
    return name.endsWith(".da") ? ami(name.substring(0, name.length() - 3)) : qmsum(name);
  }

  private static Meeting qmsum(String name) {
    JsonNode root = readJson(name + ".json");
    List<Meeting.Turn> turns = new ArrayList<>();
    long clock = 0;
    for (JsonNode turn : root.path("meeting_transcripts")) {
      String text = clean(turn.path("content").asText());
      long duration = Math.max(1, text.split(" ").length) * MS_PER_WORD;
      turns.add(new Meeting.Turn(turn.path("speaker").asText(), clock, clock + duration, text));
      clock += duration;
    }
    List<Meeting.TopicSpan> topics = new ArrayList<>();
    for (JsonNode topic : root.path("topic_list")) {
      for (JsonNode span : topic.path("relevant_text_span")) {
        topics.add(
            new Meeting.TopicSpan(
                topic.path("topic").asText(),
                Integer.parseInt(span.get(0).asText().trim()),
                Integer.parseInt(span.get(1).asText().trim())));
      }
    }
    topics.sort(Comparator.comparingInt(Meeting.TopicSpan::firstTurn));
    return new Meeting(name, turns, topics, List.of(), List.of());
  }

  private static Meeting ami(String name) {
    List<Meeting.Turn> turns = new ArrayList<>();
    for (String line : readText(name + ".da").split("\r?\n")) {
      String[] columns = line.split("\t");
      if (columns.length < 9) {
        continue;
      }
      String text = clean(columns[8]);
      if (!text.isEmpty()) {
        long start = Math.round(Double.parseDouble(columns[1]) * 1000);
        long end = Math.max(start, Math.round(Double.parseDouble(columns[2]) * 1000));
        turns.add(new Meeting.Turn(columns[3], start, end, text));
      }
    }
    turns.sort(Comparator.comparingLong(Meeting.Turn::startMs));
    return new Meeting(
        name, turns, List.of(), references(name + ".actions"), references(name + ".decisions"));
  }

  /** The reference sentences of an AMI reference file: the lines {@code N<TAB>id<TAB>text}. */
  private static List<String> references(String file) {
    if (Meetings.class.getResource("/meetings/" + file) == null) {
      return List.of();
    }
    List<String> sentences = new ArrayList<>();
    for (String line : readText(file).split("\r?\n")) {
      String[] columns = line.split("\t");
      if (columns.length == 3 && columns[0].matches("\\d+")) {
        sentences.add(columns[2].trim());
      }
    }
    return sentences;
  }

  private static String clean(String text) {
    return SPACES.matcher(MARKUP.matcher(text).replaceAll(" ")).replaceAll(" ").trim();
  }

  private static JsonNode readJson(String file) {
    try {
      return JSON.readTree(readText(file));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static String readText(String file) {
    try (InputStream in = Meetings.class.getResourceAsStream("/meetings/" + file)) {
      if (in == null) {
        throw new IllegalArgumentException("no meeting file " + file);
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
