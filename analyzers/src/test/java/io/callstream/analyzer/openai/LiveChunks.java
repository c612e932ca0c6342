package io.callstream.analyzer.openai;

import io.callstream.analyzer.ChunkRequest;
import io.callstream.analyzer.TranscriptLine;
import io.callstream.core.token.TokenCounter;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;

/**
 * A call's lines cut into chunks the way flink-jobs' {@code Chunker} cuts a live call: segments
 * arrive one by one and a chunk is cut at the last speaker change that holds between half the
 * budget and the budget (or the first one past it, within 1.5 budgets; or mid-turn past that), and
 * each chunk repeats the previous chunk's tail within the overlap as context. A copy of {@code
 * io.callstream.flink.chunk.CutRule}, which analyzers cannot depend on; tokens are the o200k tokens
 * of each line's text, as the chunker counts them.
 */
final class LiveChunks {

  private static final TokenCounter TOKENS = TokenCounter.o200k();

  private final int budget;
  private final int turnLimit;
  private final int overlapTokens;

  private LiveChunks(int budget, int overlapTokens) {
    this.budget = budget;
    this.turnLimit = budget + budget / 2;
    this.overlapTokens = overlapTokens;
  }

  /** The chunker's defaults: 2,000 tokens, 120 tokens of overlap. */
  static List<ChunkRequest> cut(String callId, List<TranscriptLine> lines) {
    return new LiveChunks(2_000, 120).chunks(callId, lines);
  }

  private record Buffered(TranscriptLine line, int tokens) {}

  private List<ChunkRequest> chunks(String callId, List<TranscriptLine> lines) {
    List<List<Buffered>> cuts = new ArrayList<>();
    List<Buffered> buffer = new ArrayList<>();
    for (TranscriptLine line : lines) {
      buffer.add(new Buffered(line, TOKENS.count(line.text())));
      buffer = cutFrom(buffer, false, cuts);
    }
    cutFrom(buffer, true, cuts);
    List<ChunkRequest> chunks = new ArrayList<>();
    List<Buffered> context = List.of();
    for (List<Buffered> cut : cuts) {
      int index = chunks.size();
      chunks.add(
          new ChunkRequest("ws", callId, callId + ":" + index, index, texts(context), texts(cut)));
      context = overlap(cut);
    }
    return chunks;
  }

  private List<Buffered> cutFrom(
      List<Buffered> buffer, boolean complete, List<List<Buffered>> out) {
    List<Buffered> rest = buffer;
    int length;
    while ((length = nextCut(rest, complete)) > 0) {
      out.add(List.copyOf(rest.subList(0, length)));
      rest = new ArrayList<>(rest.subList(length, rest.size()));
    }
    return rest;
  }

  private int nextCut(List<Buffered> segments, boolean complete) {
    int n = segments.size();
    if (n == 0) {
      return 0;
    }
    for (int k = 0; k < n; k++) {
      if (segments.get(k).tokens() > budget) {
        return k == 0 ? 1 : nextCut(segments.subList(0, k), true);
      }
    }
    long[] prefix = new long[n + 1];
    for (int i = 0; i < n; i++) {
      prefix[i + 1] = prefix[i] + segments.get(i).tokens();
    }
    if (prefix[n] < budget || (complete && prefix[n] == budget)) {
      return complete ? n : 0;
    }
    for (int i = n; i >= 1; i--) {
      if (prefix[i] <= budget && 2 * prefix[i] >= budget && turnEndsAt(segments, i, complete)) {
        return i;
      }
    }
    for (int i = 1; i <= n && prefix[i] <= turnLimit; i++) {
      if (prefix[i] > budget && turnEndsAt(segments, i, complete)) {
        return i;
      }
    }
    if (complete || prefix[n] > turnLimit) {
      int i = n;
      while (prefix[i] > budget) {
        i--;
      }
      return i;
    }
    return 0;
  }

  private List<Buffered> overlap(List<Buffered> chunk) {
    Deque<Buffered> tail = new ArrayDeque<>();
    long tokens = 0;
    for (int i = chunk.size() - 1; i >= 0; i--) {
      Buffered segment = chunk.get(i);
      boolean first = tail.isEmpty();
      if (first ? segment.tokens() > budget : tokens + segment.tokens() > overlapTokens) {
        break;
      }
      tail.addFirst(segment);
      tokens += segment.tokens();
    }
    return List.copyOf(tail);
  }

  private static boolean turnEndsAt(List<Buffered> segments, int i, boolean complete) {
    if (i == segments.size()) {
      return complete;
    }
    return !segments.get(i - 1).line().speaker().equals(segments.get(i).line().speaker());
  }

  private static List<TranscriptLine> texts(List<Buffered> segments) {
    return segments.stream().map(Buffered::line).toList();
  }
}
