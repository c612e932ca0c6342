package io.callstream.analyzer.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.callstream.analyzer.AnalyzerException;
import io.callstream.analyzer.Branch;
import io.callstream.analyzer.ChunkFindings;
import io.callstream.analyzer.ChunkRequest;
import io.callstream.analyzer.Finding;
import io.callstream.analyzer.Synthesis;
import io.callstream.analyzer.SynthesisRequest;
import io.callstream.analyzer.TranscriptLine;
import io.callstream.core.event.InsightType;
import io.callstream.core.meeting.Meeting;
import io.callstream.core.meeting.Meetings;
import io.callstream.core.token.TokenCounter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class LocalAnalyzerTest {

  private static final Set<String> FILLERS =
      Set.of("um", "uh", "erm", "hmm", "mm", "mm-hmm", "okay", "yeah");
  private static final int CHUNK_TOKENS = 1500;
  private static final int CONTEXT_LINES = 3;
  private static final Duration HANG_GUARD = Duration.ofMinutes(2);

  private static LocalAnalyzer analyzer;

  @BeforeAll
  static void start() {
    analyzer = LocalAnalyzer.create(2);
  }

  @AfterAll
  static void stop() {
    analyzer.close();
  }

  @ParameterizedTest
  @ValueSource(strings = {"ES2002a.da", "IS1008a.da", "education_19"})
  void shouldCiteOnlyTheChunksOwnSegments(String meeting) {
    for (ChunkRequest chunk : chunks(meeting)) {
      ChunkFindings findings = analyze(chunk);

      Set<String> own = ids(chunk.lines());
      assertThat(findings.branches()).as("branches of %s", chunk.chunkId()).isNotEmpty();
      for (Branch branch : findings.branches()) {
        assertGrounded(branch, own);
      }
      for (Finding finding : findings.findings()) {
        assertThat(finding.segmentIds()).as(finding.text()).isNotEmpty().isSubsetOf(own);
      }
      assertThat(findings.usage().inputTokens()).isEqualTo(tokens(chunk));
      assertThat(findings.usage().outputTokens()).isZero();
      assertThat(findings.usage().requests()).isZero();
    }
  }

  @Test
  void shouldFindActionItemsInKickOffMeeting() {
    List<Finding> actionItems = new ArrayList<>();
    for (ChunkRequest chunk : chunks("ES2002a.da")) {
      analyze(chunk).findings().stream()
          .filter(finding -> finding.type() == InsightType.ACTION_ITEM)
          .forEach(actionItems::add);
    }

    assertThat(actionItems).isNotEmpty();
  }

  @Test
  void shouldSynthesizeFromFindingsCitingOnlyWhatItWasGiven() {
    List<Branch> mindmap = new ArrayList<>();
    List<Finding> findings = new ArrayList<>();
    for (ChunkRequest chunk : chunks("IS1008a.da")) {
      ChunkFindings found = analyze(chunk);
      mindmap.addAll(found.branches());
      findings.addAll(found.findings());
    }
    Set<String> given = new HashSet<>();
    mindmap.forEach(branch -> collect(branch, given));
    findings.forEach(finding -> given.addAll(finding.segmentIds()));

    Synthesis synthesis =
        analyzer
            .synthesize(new SynthesisRequest("ws-1", "call-1", mindmap, findings))
            .orTimeout(HANG_GUARD.toSeconds(), TimeUnit.SECONDS)
            .join();

    assertThat(synthesis.segmentIds()).isNotEmpty().isSubsetOf(given);
    assertThat(synthesis.headline()).isIn(mindmap.stream().map(Branch::label).toList());
    assertThat(synthesis.summary()).startsWith("Topics: ").contains(mindmap.get(0).label());
    assertThat(synthesis.usage().requests()).isZero();
  }

  @Test
  void shouldSynthesizeEmptyCallWithoutCitations() {
    Synthesis synthesis =
        analyzer.synthesize(new SynthesisRequest("ws-1", "call-1", List.of(), List.of())).join();

    assertThat(synthesis.headline()).isNotBlank();
    assertThat(synthesis.segmentIds()).isEmpty();
  }

  @Test
  void shouldNotCiteContextLines() {
    List<ChunkRequest> chunks = chunks("education_19");
    ChunkRequest second = chunks.get(1);
    assertThat(second.context()).isNotEmpty();

    ChunkFindings findings = analyze(second);

    Set<String> cited = new HashSet<>();
    findings.branches().forEach(branch -> collect(branch, cited));
    findings.findings().forEach(finding -> cited.addAll(finding.segmentIds()));
    assertThat(cited).doesNotContainAnyElementsOf(ids(second.context()));
  }

  @Test
  void shouldFailWithUnavailableOnceClosed() {
    LocalAnalyzer closed = LocalAnalyzer.create(1);
    closed.close();

    assertThatThrownBy(() -> closed.analyze(chunks("IS1008a.da").get(0)).join())
        .isInstanceOf(CompletionException.class)
        .cause()
        .isInstanceOfSatisfying(
            AnalyzerException.class,
            e -> assertThat(e.kind()).isEqualTo(AnalyzerException.Kind.UNAVAILABLE));
  }

  @Test
  void shouldSayItsName() {
    assertThat(analyzer.name()).isEqualTo("local");
  }

  private static void assertGrounded(Branch branch, Set<String> own) {
    assertThat(branch.segmentIds()).as(branch.label()).isNotEmpty().isSubsetOf(own);
    assertThat(branch.label()).isNotBlank();
    for (String word : branch.label().toLowerCase(Locale.ROOT).split("[^\\p{L}\\p{N}'-]+")) {
      assertThat(word).as(branch.label()).isNotIn(FILLERS);
    }
    for (Branch child : branch.children()) {
      assertGrounded(child, own);
    }
  }

  private static ChunkFindings analyze(ChunkRequest chunk) {
    return analyzer.analyze(chunk).orTimeout(HANG_GUARD.toSeconds(), TimeUnit.SECONDS).join();
  }

  /**
   * The meeting cut at about {@value #CHUNK_TOKENS} tokens, with a little context, as Flink does.
   */
  private static List<ChunkRequest> chunks(String name) {
    Meeting meeting = Meetings.load(name);
    List<TranscriptLine> lines = new ArrayList<>();
    for (Meeting.Turn turn : meeting.turns()) {
      lines.add(
          new TranscriptLine(
              "seg-" + lines.size(), turn.speaker(), turn.startMs(), turn.endMs(), turn.text()));
    }
    List<ChunkRequest> chunks = new ArrayList<>();
    int from = 0;
    int tokens = 0;
    for (int i = 0; i < lines.size(); i++) {
      tokens += TokenCounter.o200k().count(lines.get(i).text());
      if (tokens >= CHUNK_TOKENS || i == lines.size() - 1) {
        List<TranscriptLine> context = lines.subList(Math.max(0, from - CONTEXT_LINES), from);
        chunks.add(
            new ChunkRequest(
                "ws-1",
                "call-1",
                name + "-" + chunks.size(),
                chunks.size(),
                context,
                lines.subList(from, i + 1)));
        from = i + 1;
        tokens = 0;
      }
    }
    return chunks;
  }

  private static long tokens(ChunkRequest chunk) {
    long tokens = 0;
    for (TranscriptLine line : chunk.context()) {
      tokens += TokenCounter.o200k().count(line.text());
    }
    for (TranscriptLine line : chunk.lines()) {
      tokens += TokenCounter.o200k().count(line.text());
    }
    return tokens;
  }

  private static Set<String> ids(List<TranscriptLine> lines) {
    Set<String> ids = new HashSet<>();
    lines.forEach(line -> ids.add(line.segmentId()));
    return ids;
  }

  private static void collect(Branch branch, Set<String> ids) {
    ids.addAll(branch.segmentIds());
    branch.children().forEach(child -> collect(child, ids));
  }
}
