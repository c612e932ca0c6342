package io.callstream.analyzer.local;

import io.callstream.analyzer.TranscriptLine;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * Lines cut into topics, keeping each line's embedding and content-word count so that labelling
 * does not compute them again. Not thread-safe to share while building; read-only after.
 */
final class Segmentation {

  /** A topic: lines {@code from} (inclusive) to {@code to} (exclusive). */
  record Topic(int from, int to) {

    int size() {
      return to - from;
    }
  }

  private final List<TranscriptLine> lines;
  private final float[] @Nullable [] embeddings;
  private final int[] contentWords;
  private final List<Integer> boundaries;

  Segmentation(
      List<TranscriptLine> lines,
      float[] @Nullable [] embeddings,
      int[] contentWords,
      List<Integer> boundaries) {
    this.lines = List.copyOf(lines);
    this.embeddings = embeddings;
    this.contentWords = contentWords;
    this.boundaries = List.copyOf(boundaries);
  }

  List<TranscriptLine> lines() {
    return lines;
  }

  List<Integer> boundaries() {
    return boundaries;
  }

  /** The line's embedding, or null for a line too short to be embedded. */
  float @Nullable [] embedding(int line) {
    return embeddings[line];
  }

  int contentWords(int line) {
    return contentWords[line];
  }

  List<Topic> topics() {
    List<Topic> topics = new ArrayList<>();
    int from = 0;
    for (int boundary : boundaries) {
      topics.add(new Topic(from, boundary));
      from = boundary;
    }
    if (from < lines.size()) {
      topics.add(new Topic(from, lines.size()));
    }
    return topics;
  }
}
