package io.callstream.query.export;

import io.callstream.core.event.InsightType;
import io.callstream.core.meeting.Meeting;
import io.callstream.core.meeting.Meetings;
import io.callstream.core.result.Citation;
import io.callstream.core.result.InsightBody;
import io.callstream.core.result.MindmapNode;
import java.util.ArrayList;
import java.util.List;

/** Call exports for the format tests: hostile labels, and a meeting-sized tree from a real call. */
final class ExportFixtures {

  /** Labels that break naive writers of every format. */
  static final List<String> NASTY_LABELS =
      List.of(
          "He said \"ship it\" & left",
          "a < b && c > d",
          "line one\nline two\r\nline three",
          "Ünïcödé 会议 🎉 naïve café",
          "[brackets] (parens) {braces} ((double))",
          "# not a heading",
          "*bold* _em_ **strong** ~~gone~~",
          "`code` and ``` fence",
          "- dash start",
          "1. numbered start",
          "<script>alert('x')</script>",
          "back\\slash \\n not a newline",
          "&amp; already an entity &#10;",
          "#quot; literal entity code #35;",
          "%% mermaid comment",
          "]]> cdata end",
          "'single' quotes",
          "tab\there",
          "::icon(fa fa-book) :::urgent",
          ") closes early ]",
          "> quote | pipe ! bang",
          "[12:34] fake time [link](http://x)");

  private ExportFixtures() {}

  static Citation cite(int segment) {
    return new Citation("seg-" + segment, segment * 7_000L, segment * 7_000L + 5_000);
  }

  /** A root with every nasty label as a topic, some with nasty points and sub-points. */
  static MindmapNode nastyTree() {
    List<MindmapNode> topics = new ArrayList<>();
    int segment = 1;
    for (int i = 0; i < NASTY_LABELS.size(); i++) {
      List<MindmapNode> points = new ArrayList<>();
      if (i % 3 == 0) {
        for (int j = 0; j < 3; j++) {
          String label = NASTY_LABELS.get((i + j + 1) % NASTY_LABELS.size());
          List<MindmapNode> subPoints =
              j == 1
                  ? List.of(
                      new MindmapNode(
                          "t" + i + "-p" + j + "-s0",
                          NASTY_LABELS.get((i + 5) % NASTY_LABELS.size()),
                          List.of(cite(segment++)),
                          List.of()))
                  : List.of();
          points.add(
              new MindmapNode(
                  "t" + i + "-p" + j, label, List.of(cite(segment++), cite(segment++)), subPoints));
        }
      }
      topics.add(
          new MindmapNode(
              "t-" + i + " \"id\" <x>", NASTY_LABELS.get(i), List.of(cite(segment++)), points));
    }
    return new MindmapNode("root", "Call <root> \"& friends\" #1", List.of(), topics);
  }

  static List<ExportedInsight> nastyInsights() {
    return List.of(
        insight(
            "i1", InsightType.ACTION_ITEM, "Send the \"Q3\" deck <today>", "Ana & Bo", "Friday", 3),
        insight("i2", InsightType.DECISION, "Use `kafka` for *everything*", null, null, 5),
        insight("i3", InsightType.ACTION_ITEM, "Fix #42\nthen deploy", null, "2026-12-01", 8),
        insight("i4", InsightType.RISK, "Budget ]]> overrun 💸", "Jörg", null, 13));
  }

  static ExportedInsight insight(
      String id, InsightType type, String text, String owner, String due, int segment) {
    return new ExportedInsight(
        id, type, new InsightBody(text, owner, due), List.of(cite(segment), cite(segment + 1)));
  }

  static CallExport nastyCall() {
    return new CallExport(
        "call-1",
        "Weekly \"sync\" <Q3> & more",
        nastyTree(),
        nastyInsights(),
        "First line of the summary with *stars*.\nSecond line: <b>bold</b> & \"quotes\".");
  }

  /** 12 topics of 8 points each, every point a turn of a real meeting (education_19). */
  static CallExport meetingCall() {
    Meeting meeting = Meetings.load("education_19");
    List<MindmapNode> topics = new ArrayList<>();
    int turn = 0;
    for (int t = 0; t < 12; t++) {
      List<MindmapNode> points = new ArrayList<>();
      List<Citation> topicCitations = new ArrayList<>();
      for (int p = 0; p < 8; p++) {
        Meeting.Turn spoken = meeting.turns().get(turn);
        Citation citation = new Citation("seg-" + turn, spoken.startMs(), spoken.endMs());
        topicCitations.add(citation);
        points.add(
            new MindmapNode(
                "p-" + turn,
                spoken.speaker() + ": " + shorten(spoken.text()),
                List.of(citation),
                List.of()));
        turn++;
      }
      topics.add(
          new MindmapNode(
              "t-" + t,
              "Topic " + (t + 1) + ": " + shorten(points.get(0).label()),
              topicCitations,
              points));
    }
    MindmapNode root = new MindmapNode("root", meeting.name(), List.of(), topics);
    List<ExportedInsight> insights = new ArrayList<>();
    for (int i = 0; i < 10; i++) {
      InsightType type = InsightType.values()[i % InsightType.values().length];
      insights.add(
          insight(
              "ins-" + i, type, shorten(meeting.turns().get(100 + i).text()), null, null, 100 + i));
    }
    return new CallExport("call-edu", "Education meeting 19", root, insights, "A real meeting.");
  }

  private static String shorten(String text) {
    return text.length() <= 80 ? text : text.substring(0, 80).strip() + "…";
  }

  /** What a one-line format shows of a label: line breaks and tabs as spaces, trimmed. */
  static String oneLine(String label) {
    return label.replaceAll("\\R", " ").replace('\t', ' ').strip();
  }
}
