package io.callstream.flink.chunk;

import static org.assertj.core.api.Assertions.assertThat;

import io.callstream.core.event.TranscriptSegment;
import io.callstream.core.meeting.Meeting;
import io.callstream.core.meeting.Meetings;
import io.callstream.core.token.TokenCounter;
import io.callstream.flink.crypto.CipherSettings;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IntSummaryStatistics;
import java.util.List;
import java.util.Random;
import java.util.stream.LongStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link Chunker} on whole calls with the default settings: a generated 3-hour call and a real
 * meeting. Every segment lands in exactly one chunk, and chunks stay near the budget.
 */
class ChunkerScaleTest {

  private static final ChunkingSettings SETTINGS = ChunkingSettings.defaults();
  private static final int BUDGET = SETTINGS.tokenBudget();

  @TempDir Path keys;

  private CipherSettings cipherSettings;

  @BeforeEach
  void setUp() {
    cipherSettings = EncryptedCall.cipherSettings(keys);
  }

  @Test
  void shouldChunkAThreeHourCallWithinOneAndAHalfBudgetsAndEverySegmentOnce() throws Exception {
    EncryptedCall call = EncryptedCall.of(cipherSettings.open(), "ws-acme", "call-3h");
    int count = 6_000; // a segment every 1.8 s
    Random random = new Random(42);
    List<TranscriptSegment> segments = new ArrayList<>();
    String speaker = "spk_0";
    for (int i = 0; i < count; i++) {
      if (random.nextInt(4) == 0) {
        speaker = "spk_" + random.nextInt(4);
      }
      int tokens = i % 997 == 500 ? 2 * BUDGET : 1 + random.nextInt(60);
      segments.add(call.segment(i, speaker, tokens));
    }
    List<TranscriptSegment> delivered = new ArrayList<>(segments);
    for (int i = 10; i < count; i += 37) {
      Collections.swap(delivered, i, i - 3); // a little out of order
    }
    for (int i = 5; i < count; i += 101) {
      delivered.add(i, delivered.get(i - 5)); // redelivered
    }

    List<Chunk> chunks;
    try (ChunkerHarness harness = ChunkerHarness.open(SETTINGS, cipherSettings)) {
      harness.segments(delivered);
      harness.call(call.ended((long) count - 1));
      chunks = harness.chunks();
      assertThat(harness.stateEntries()).as("the finished marker").isEqualTo(1);
      assertThat(harness.timers()).isZero();
    }

    assertWholeCall(chunks, count);
    for (Chunk chunk : chunks) {
      if (chunk.segments().size() > 1) {
        assertThat(chunk.tokens())
            .as("chunk %d", chunk.index())
            .isLessThanOrEqualTo(BUDGET * 3 / 2);
      }
    }
    assertThat(chunks)
        .filteredOn(chunk -> chunk.tokens() > BUDGET * 3 / 2)
        .as("the oversize segments, each alone")
        .extracting(chunk -> chunk.segments().stream().map(TranscriptSegment::sequence).toList())
        .containsExactly(
            List.of(500L),
            List.of(1497L),
            List.of(2494L),
            List.of(3491L),
            List.of(4488L),
            List.of(5485L));
    IntSummaryStatistics tokens = statistics(chunks);
    System.out.printf(
        "3-hour call: %d segments, %d chunks, tokens %s%n", count, chunks.size(), tokens);
    assertThat(tokens.getAverage())
        .as("mean tokens per chunk")
        .isBetween(0.8 * BUDGET, 1.2 * BUDGET);
  }

  @Test
  void shouldChunkARealMeetingWithEveryTurnOnceAndChunksNearTheBudget() throws Exception {
    Meeting meeting = Meetings.load("education_19");
    EncryptedCall call = EncryptedCall.of(cipherSettings.open(), "ws-acme", "call-education-19");
    List<TranscriptSegment> segments = new ArrayList<>();
    for (int i = 0; i < meeting.turns().size(); i++) {
      Meeting.Turn turn = meeting.turns().get(i);
      segments.add(call.segment(i, turn.speaker(), turn.text()));
    }

    List<Chunk> chunks;
    try (ChunkerHarness harness = ChunkerHarness.open(SETTINGS, cipherSettings)) {
      harness.segments(segments);
      harness.call(call.ended((long) segments.size() - 1));
      chunks = harness.chunks();
    }

    assertWholeCall(chunks, segments.size());
    int transcriptTokens =
        meeting.turns().stream().mapToInt(t -> TokenCounter.o200k().count(t.text())).sum();
    assertThat(chunks.stream().mapToInt(Chunk::tokens).sum()).isEqualTo(transcriptTokens);
    for (Chunk chunk : chunks.subList(0, chunks.size() - 1)) {
      assertThat(chunk.tokens())
          .as("chunk %d", chunk.index())
          .isBetween(BUDGET / 2, BUDGET * 3 / 2);
    }
    int contextTokens =
        chunks.stream()
            .flatMap(chunk -> chunk.context().stream())
            .mapToInt(
                s -> TokenCounter.o200k().count(meeting.turns().get((int) s.sequence()).text()))
            .sum();
    System.out.printf(
        "%s: %d turns, %d tokens, %d chunks, tokens %s, context tokens %d (%.3f of the transcript)%n",
        meeting.name(),
        segments.size(),
        transcriptTokens,
        chunks.size(),
        statistics(chunks),
        contextTokens,
        contextTokens / (double) transcriptTokens);
  }

  /** Indexes 0 to n-1, one last chunk at the end, every sequence exactly once and in order. */
  private static void assertWholeCall(List<Chunk> chunks, int segments) {
    assertThat(chunks)
        .extracting(Chunk::index)
        .containsExactlyElementsOf(
            LongStream.range(0, chunks.size()).mapToObj(i -> (int) i).toList());
    assertThat(chunks).filteredOn(Chunk::last).containsExactly(chunks.get(chunks.size() - 1));
    List<Long> sequences =
        chunks.stream()
            .flatMap(chunk -> chunk.segments().stream())
            .map(TranscriptSegment::sequence)
            .toList();
    assertThat(sequences).hasSize(segments).doesNotHaveDuplicates();
    assertThat(sequences.stream().sorted().toList())
        .isEqualTo(LongStream.range(0, segments).boxed().toList());
  }

  private static IntSummaryStatistics statistics(List<Chunk> chunks) {
    return chunks.stream().mapToInt(Chunk::tokens).summaryStatistics();
  }
}
