package io.callstream.flink.analyze;

import io.callstream.analyzer.Analyzer;
import io.callstream.analyzer.ChunkFindings;
import io.callstream.analyzer.ChunkRequest;
import io.callstream.analyzer.FindingsJson;
import io.callstream.analyzer.TranscriptLine;
import io.callstream.core.crypto.Field;
import io.callstream.core.crypto.FieldCipher;
import io.callstream.core.event.Ciphertext;
import io.callstream.core.event.TranscriptSegment;
import io.callstream.core.token.TokenCounter;
import io.callstream.flink.chunk.Chunk;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.api.functions.async.ResultFuture;
import org.apache.flink.streaming.api.functions.async.RichAsyncFunction;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Asks the workspace's analyzer about one chunk, through the dispatcher that bounds concurrency,
 * applies the plan's rate limit and retries. Every chunk gives exactly one {@link ChunkAnalyzed}: a
 * chunk that cannot be analyzed gives one with its failure, so the call still ends.
 *
 * <p>Transcript text is decrypted here, just before the request, and the findings are encrypted
 * again before they leave: records and state hold no call content in plaintext.
 */
public final class AnalyzeChunk extends RichAsyncFunction<Chunk, ChunkAnalyzed> {

  private static final long serialVersionUID = 1L;
  private static final Logger LOG = LoggerFactory.getLogger(AnalyzeChunk.class);

  private final RequestSettings requests;

  private transient FieldCipher cipher;
  private transient Providers providers;
  private transient Counter failedChunks;

  public AnalyzeChunk(RequestSettings requests) {
    if (requests == null) {
      throw new IllegalArgumentException("requests must not be null");
    }
    this.requests = requests;
  }

  @Override
  public void open(OpenContext openContext) {
    cipher = requests.cipher().open();
    providers = requests.acquireProviders();
    failedChunks = getRuntimeContext().getMetricGroup().counter("chunksFailed");
  }

  @Override
  public void close() {
    if (providers != null) {
      providers.close();
    }
  }

  @Override
  public void asyncInvoke(Chunk chunk, ResultFuture<ChunkAnalyzed> result) {
    Analyzer analyzer = providers.analyzerOf(chunk.workspaceId());
    if (chunk.segments().isEmpty()) {
      result.complete(List.of(analyzed(chunk, List.of(), null, null, analyzer.name(), 0, 0, 0)));
      return;
    }
    List<TranscriptLine> lines;
    List<TranscriptLine> context;
    try {
      lines = decrypt(chunk.segments());
      context = decrypt(chunk.context());
    } catch (RuntimeException e) {
      LOG.warn("chunk {} of call {} cannot be decrypted", chunk.chunkId(), chunk.callId(), e);
      result.complete(
          List.of(
              failed(chunk, List.of(), "the transcript could not be decrypted", analyzer.name())));
      return;
    }
    List<SegmentFacts> facts = facts(chunk.segments(), lines);
    ChunkRequest request =
        new ChunkRequest(
            chunk.workspaceId(), chunk.callId(), chunk.chunkId(), chunk.index(), context, lines);
    providers
        .dispatcherOf(chunk.workspaceId())
        .submit(
            chunk.workspaceId(), estimatedTokens(context, lines), () -> analyzer.analyze(request))
        .whenComplete(
            (findings, error) ->
                result.complete(
                    List.of(
                        error == null
                            ? succeeded(chunk, facts, findings, analyzer.name())
                            : failed(chunk, facts, Failures.reason(error), analyzer.name()))));
  }

  /**
   * The operator's timeout is a last resort: the dispatcher gives up earlier on its own. Answering
   * here instead of failing the job keeps one stuck chunk from restarting the pipeline.
   */
  @Override
  public void timeout(Chunk chunk, ResultFuture<ChunkAnalyzed> result) {
    String analyzer = providers.analyzerOf(chunk.workspaceId()).name();
    result.complete(
        List.of(
            failed(
                chunk,
                factsWithoutText(chunk.segments()),
                "not analyzed within " + requests.timeout().toSeconds() + " s",
                analyzer)));
  }

  private List<TranscriptLine> decrypt(List<TranscriptSegment> segments) {
    List<TranscriptLine> lines = new ArrayList<>(segments.size());
    for (TranscriptSegment segment : segments) {
      String text =
          cipher.decryptText(
              segment.workspaceId(),
              segment.callId(),
              Field.TRANSCRIPT_TEXT,
              segment.text().bytes());
      lines.add(
          new TranscriptLine(
              segment.segmentId(), segment.speaker(), segment.startMs(), segment.endMs(), text));
    }
    return lines;
  }

  private ChunkAnalyzed succeeded(
      Chunk chunk, List<SegmentFacts> facts, ChunkFindings findings, String analyzer) {
    Ciphertext encrypted =
        Ciphertext.of(
            cipher.encrypt(
                chunk.workspaceId(), chunk.callId(), Field.MINDMAP, FindingsJson.write(findings)));
    return analyzed(
        chunk,
        facts,
        encrypted,
        null,
        analyzer,
        findings.usage().inputTokens(),
        findings.usage().outputTokens(),
        findings.usage().requests());
  }

  private ChunkAnalyzed failed(
      Chunk chunk, List<SegmentFacts> facts, String reason, String analyzer) {
    failedChunks.inc();
    LOG.warn("chunk {} of call {} not analyzed: {}", chunk.chunkId(), chunk.callId(), reason);
    return analyzed(chunk, facts, null, reason, analyzer, 0, 0, 0);
  }

  private static ChunkAnalyzed analyzed(
      Chunk chunk,
      List<SegmentFacts> facts,
      @Nullable Ciphertext findings,
      @Nullable String failure,
      String analyzer,
      long inputTokens,
      long outputTokens,
      int llmCalls) {
    return new ChunkAnalyzed(
        chunk.workspaceId(),
        chunk.callId(),
        chunk.chunkId(),
        chunk.index(),
        chunk.last(),
        facts,
        findings,
        failure,
        analyzer,
        inputTokens,
        outputTokens,
        llmCalls);
  }

  private static List<SegmentFacts> facts(
      List<TranscriptSegment> segments, List<TranscriptLine> lines) {
    List<SegmentFacts> facts = new ArrayList<>(segments.size());
    for (int i = 0; i < segments.size(); i++) {
      facts.add(fact(segments.get(i), Questions.isQuestion(lines.get(i).text())));
    }
    return facts;
  }

  /** Facts of segments whose text is not at hand: nobody is known to have asked anything. */
  private static List<SegmentFacts> factsWithoutText(List<TranscriptSegment> segments) {
    return segments.stream().map(segment -> fact(segment, false)).toList();
  }

  private static SegmentFacts fact(TranscriptSegment segment, boolean question) {
    return new SegmentFacts(
        segment.segmentId(),
        segment.sequence(),
        segment.speaker(),
        segment.startMs(),
        segment.endMs(),
        question);
  }

  private static long estimatedTokens(List<TranscriptLine> context, List<TranscriptLine> lines) {
    TokenCounter counter = TokenCounter.o200k();
    long tokens = 0;
    for (TranscriptLine line : context) {
      tokens += counter.count(line.text());
    }
    for (TranscriptLine line : lines) {
      tokens += counter.count(line.text());
    }
    return tokens;
  }
}
