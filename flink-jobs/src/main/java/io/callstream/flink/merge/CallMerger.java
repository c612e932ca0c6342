package io.callstream.flink.merge;

import io.callstream.analyzer.ChunkFindings;
import io.callstream.analyzer.Finding;
import io.callstream.analyzer.FindingsJson;
import io.callstream.analyzer.TokenUsage;
import io.callstream.core.crypto.Field;
import io.callstream.core.crypto.FieldCipher;
import io.callstream.core.event.CallAnalyzed;
import io.callstream.core.event.CallstreamEvent;
import io.callstream.core.event.Ciphertext;
import io.callstream.core.event.InsightDetected;
import io.callstream.core.event.MetricsUpdated;
import io.callstream.core.event.MindmapUpdated;
import io.callstream.core.event.Progress;
import io.callstream.core.event.Usage;
import io.callstream.core.id.Ids;
import io.callstream.core.result.Citation;
import io.callstream.core.result.InsightBody;
import io.callstream.core.result.MindmapNode;
import io.callstream.core.result.ResultJson;
import io.callstream.flink.analyze.ChunkAnalyzed;
import io.callstream.flink.analyze.SegmentFacts;
import io.callstream.flink.crypto.CipherSettings;
import io.callstream.flink.types.CallstreamEventTypeInfo;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.state.StateDescriptor;
import org.apache.flink.api.common.state.StateTtlConfig;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.PrimitiveArrayTypeInfo;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.api.java.typeutils.ResultTypeQueryable;
import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;
import org.apache.flink.util.FlinkRuntimeException;
import org.apache.flink.util.OutputTag;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keyed by call: folds a call's analyzed chunks into one mindmap and one list of insights, and
 * hands the finished call to synthesis.
 *
 * <p>Chunks arrive in any order (analysis is unordered) but are merged in index order: a chunk that
 * comes early waits, encrypted, until the ones before it are merged. So the merged result, its ids
 * and every result event depend only on the chunks, never on the order they arrived in, and a chunk
 * may cite segments of any earlier chunk (its context). A chunk index seen before is ignored.
 *
 * <p>For each merged chunk, in this order:
 *
 * <ul>
 *   <li>grounding: a citation of a segment that is neither the chunk's own nor one of an earlier
 *       chunk is removed (metric {@code citationsDropped}); a topic, key point or insight left with
 *       none is dropped (metric {@code ungroundedDropped});
 *   <li>{@link InsightDetected} for each new insight, and again (same insight id, new event id) for
 *       each one the chunk added citations, an owner or a due date to;
 *   <li>{@link MindmapUpdated} with the whole map, when it changed;
 *   <li>{@link MetricsUpdated} counted from every segment merged so far, when the chunk had any.
 * </ul>
 *
 * <p>On arrival of a chunk: {@link Usage} (when it made LLM calls or used tokens) and {@link
 * Progress} of stage {@code ANALYZED} (chunks arrived of chunks known). Once the last chunk and all
 * before it are merged: {@link CallAnalyzed} {@code EMPTY} (no segments) or {@code FAILED} (no
 * chunk could be analyzed), or else a {@link CallToSynthesize} on {@link #TO_SYNTHESIZE}, {@code
 * COMPLETED} or {@code DEGRADED} with the reason. Then the call's state is cleared but for a
 * finished marker kept for {@link MergeSettings#finishedRetention()}.
 *
 * <p>Call content stays encrypted in state: the mindmap as the ciphertext last emitted, the
 * insights as encrypted {@code ChunkFindings} JSON, waiting chunks as they came.
 */
public final class CallMerger extends KeyedProcessFunction<String, ChunkAnalyzed, CallstreamEvent>
    implements ResultTypeQueryable<CallstreamEvent> {

  private static final long serialVersionUID = 1L;

  /** How long the state of a call that never ends is kept: see {@link #expiring}. */
  static final Duration OPEN_CALL_RETENTION = Duration.ofDays(7);

  private static final Logger LOG = LoggerFactory.getLogger(CallMerger.class);

  /** Calls whose every chunk is merged, for the synthesis pass: one per call. */
  public static final OutputTag<CallToSynthesize> TO_SYNTHESIZE =
      new OutputTag<>("to-synthesize", TypeInformation.of(CallToSynthesize.class));

  private final CipherSettings cipherSettings;
  private final MergeSettings settings;

  private transient FieldCipher cipher;
  private transient ValueState<CallMergeState> progress;
  private transient MapState<Integer, ChunkAnalyzed> waiting;
  private transient MapState<String, SegmentFacts> segments;
  private transient ValueState<byte[]> mindmap;
  private transient ValueState<byte[]> insights;
  private transient ValueState<Boolean> finished;
  private transient Counter citationsDropped;
  private transient Counter ungroundedDropped;
  private transient Counter duplicatesIgnored;

  public CallMerger(CipherSettings cipherSettings, MergeSettings settings) {
    if (cipherSettings == null) {
      throw new IllegalArgumentException("cipherSettings must not be null");
    }
    if (settings == null) {
      throw new IllegalArgumentException("settings must not be null");
    }
    this.cipherSettings = cipherSettings;
    this.settings = settings;
  }

  @Override
  public TypeInformation<CallstreamEvent> getProducedType() {
    return CallstreamEventTypeInfo.INSTANCE;
  }

  @Override
  public void open(OpenContext openContext) {
    cipher = cipherSettings.open();
    progress =
        getRuntimeContext()
            .getState(
                expiring(
                    new ValueStateDescriptor<>(
                        "progress", TypeInformation.of(CallMergeState.class))));
    waiting =
        getRuntimeContext()
            .getMapState(
                expiring(
                    new MapStateDescriptor<>(
                        "waiting", Types.INT, TypeInformation.of(ChunkAnalyzed.class))));
    segments =
        getRuntimeContext()
            .getMapState(
                expiring(
                    new MapStateDescriptor<>(
                        "segments", Types.STRING, TypeInformation.of(SegmentFacts.class))));
    mindmap =
        getRuntimeContext()
            .getState(
                expiring(
                    new ValueStateDescriptor<>(
                        "mindmap", PrimitiveArrayTypeInfo.BYTE_PRIMITIVE_ARRAY_TYPE_INFO)));
    insights =
        getRuntimeContext()
            .getState(
                expiring(
                    new ValueStateDescriptor<>(
                        "insights", PrimitiveArrayTypeInfo.BYTE_PRIMITIVE_ARRAY_TYPE_INFO)));
    ValueStateDescriptor<Boolean> finishedDescriptor =
        new ValueStateDescriptor<>("finished", Types.BOOLEAN);
    finishedDescriptor.enableTimeToLive(
        StateTtlConfig.newBuilder(settings.finishedRetention()).build());
    finished = getRuntimeContext().getState(finishedDescriptor);
    var metrics = getRuntimeContext().getMetricGroup();
    citationsDropped = metrics.counter("citationsDropped");
    ungroundedDropped = metrics.counter("ungroundedDropped");
    duplicatesIgnored = metrics.counter("duplicateChunksIgnored");
  }

  @Override
  public void processElement(ChunkAnalyzed chunk, Context context, Collector<CallstreamEvent> out)
      throws Exception {
    long now = context.timerService().currentProcessingTime();
    CallMergeState state = progress.value();
    if (Boolean.TRUE.equals(finished.value())
        || (state != null
            && (chunk.index() < state.nextIndex() || waiting.contains(chunk.index())))) {
      duplicatesIgnored.inc();
      return;
    }
    if (state == null) {
      state = CallMergeState.start(chunk, now);
    }
    state = state.arrived(chunk);
    Instant at = Instant.ofEpochMilli(now);
    if (chunk.llmCalls() > 0 || chunk.inputTokens() > 0 || chunk.outputTokens() > 0) {
      out.collect(usage(chunk, at));
    }
    out.collect(progressOf(chunk.callId(), state, now));

    if (chunk.index() == state.nextIndex()) {
      state = merge(chunk, state, at, out);
    } else {
      waiting.put(chunk.index(), chunk);
    }
    for (ChunkAnalyzed next = waiting.get(state.nextIndex());
        next != null;
        next = waiting.get(state.nextIndex())) {
      waiting.remove(next.index());
      state = merge(next, state, at, out);
    }

    if (state.complete()) {
      finish(chunk.callId(), state, at, context, out);
    } else {
      progress.update(state);
    }
  }

  private CallMergeState merge(
      ChunkAnalyzed chunk, CallMergeState state, Instant at, Collector<CallstreamEvent> out)
      throws Exception {
    for (SegmentFacts facts : chunk.segments()) {
      segments.put(facts.segmentId(), facts);
    }
    String failure = chunk.failure();
    boolean mindmapChanged = false;
    Ciphertext encrypted = chunk.findings();
    if (failure == null && encrypted != null) {
      ChunkFindings findings = readFindings(chunk, encrypted);
      if (findings == null) {
        failure = "the analyzer's findings could not be read";
      } else {
        SegmentLookup lookup = new SegmentLookup();
        Grounding.Grounded grounded = Grounding.ground(findings, lookup::isKnown);
        citationsDropped.inc(grounded.citationsDropped());
        ungroundedDropped.inc(grounded.itemsDropped());
        mergeInsights(chunk, grounded.findings(), lookup, at, out);
        mindmapChanged = mergeMindmap(chunk, grounded, lookup, state, at, out);
      }
    }
    CallMergeState merged = state.merged(chunk, failure, mindmapChanged);
    if (!chunk.segments().isEmpty()) {
      out.collect(metrics(chunk.callId(), merged, at));
    }
    return merged;
  }

  private @Nullable ChunkFindings readFindings(ChunkAnalyzed chunk, Ciphertext encrypted) {
    try {
      return FindingsJson.read(
          cipher.decrypt(chunk.workspaceId(), chunk.callId(), Field.MINDMAP, encrypted.bytes()));
    } catch (IOException | RuntimeException e) {
      // Never log the exception's message: it may quote the decrypted JSON.
      LOG.warn(
          "findings of chunk {} of call {} cannot be read: {}",
          chunk.index(),
          chunk.callId(),
          e.getClass().getSimpleName());
      return null;
    }
  }

  private void mergeInsights(
      ChunkAnalyzed chunk,
      List<Finding> findings,
      SegmentLookup lookup,
      Instant at,
      Collector<CallstreamEvent> out)
      throws IOException {
    if (findings.isEmpty()) {
      return;
    }
    String workspaceId = chunk.workspaceId();
    String callId = chunk.callId();
    byte[] stored = insights.value();
    InsightSet set =
        InsightSet.of(
            callId,
            stored == null
                ? List.of()
                : FindingsJson.read(cipher.decrypt(workspaceId, callId, Field.INSIGHT, stored))
                    .findings());
    Map<String, Finding> changed =
        set.merge(findings, lookup.callOrder(), settings.insightSimilarity());
    if (changed.isEmpty()) {
      return;
    }
    insights.update(
        cipher.encrypt(
            workspaceId,
            callId,
            Field.INSIGHT,
            FindingsJson.write(new ChunkFindings(List.of(), set.findings(), TokenUsage.NONE))));
    changed.forEach(
        (insightId, finding) ->
            out.collect(
                new InsightDetected(
                    Ids.deterministic("insight-detected", callId, insightId, chunk.index()),
                    workspaceId,
                    callId,
                    at,
                    insightId,
                    finding.type(),
                    encrypt(
                        chunk,
                        Field.INSIGHT,
                        ResultJson.write(
                            new InsightBody(finding.text(), finding.owner(), finding.due()))),
                    finding.segmentIds(),
                    chunk.analyzer())));
  }

  private boolean mergeMindmap(
      ChunkAnalyzed chunk,
      Grounding.Grounded grounded,
      SegmentLookup lookup,
      CallMergeState state,
      Instant at,
      Collector<CallstreamEvent> out)
      throws IOException {
    if (grounded.branches().isEmpty()) {
      return false;
    }
    MindmapTree tree = currentTree(chunk.workspaceId(), chunk.callId());
    MindmapNode before = tree.toNode();
    tree.merge(grounded.branches(), lookup::citation, settings);
    MindmapNode after = tree.toNode();
    if (after.equals(before)) {
      return false;
    }
    long version = state.mindmapVersion() + 1;
    Ciphertext encrypted = encrypt(chunk, Field.MINDMAP, ResultJson.write(after));
    mindmap.update(encrypted.bytes());
    out.collect(
        new MindmapUpdated(
            Ids.deterministic("mindmap-updated", chunk.callId(), version),
            chunk.workspaceId(),
            chunk.callId(),
            at,
            version,
            encrypted,
            chunk.analyzer()));
    return true;
  }

  private MindmapTree currentTree(String workspaceId, String callId) throws IOException {
    byte[] stored = mindmap.value();
    return stored == null
        ? MindmapTree.empty(callId)
        : MindmapTree.of(
            callId,
            ResultJson.readMindmap(cipher.decrypt(workspaceId, callId, Field.MINDMAP, stored)));
  }

  private void finish(
      String callId,
      CallMergeState state,
      Instant at,
      Context context,
      Collector<CallstreamEvent> out)
      throws Exception {
    String workspaceId = state.workspaceId();
    if (state.analyzedChunks() == 0 && state.failedChunks() == 0) {
      out.collect(analyzed(callId, state, CallAnalyzed.Status.EMPTY, "the call has no speech", at));
    } else if (state.analyzedChunks() == 0) {
      out.collect(
          analyzed(
              callId,
              state,
              CallAnalyzed.Status.FAILED,
              "no chunk could be analyzed ("
                  + state.failedChunks()
                  + " failed): "
                  + state.firstFailure(),
              at));
    } else {
      boolean degraded = state.failedChunks() > 0;
      int tried = state.failedChunks() + state.analyzedChunks();
      byte[] map = mindmap.value();
      byte[] found = insights.value();
      context.output(
          TO_SYNTHESIZE,
          new CallToSynthesize(
              workspaceId,
              callId,
              Ciphertext.of(
                  map != null
                      ? map
                      : cipher.encrypt(
                          workspaceId,
                          callId,
                          Field.MINDMAP,
                          ResultJson.write(MindmapTree.empty(callId).toNode()))),
              Ciphertext.of(
                  found != null
                      ? found
                      : cipher.encrypt(
                          workspaceId,
                          callId,
                          Field.INSIGHT,
                          FindingsJson.write(
                              new ChunkFindings(List.of(), List.of(), TokenUsage.NONE)))),
              allSegments(),
              state.mindmapVersion() + 1,
              degraded ? CallAnalyzed.Status.DEGRADED : CallAnalyzed.Status.COMPLETED,
              degraded
                  ? state.failedChunks()
                      + " of "
                      + tried
                      + " chunks could not be analyzed: "
                      + state.firstFailure()
                  : null,
              state.analyzer()));
    }
    // Every state of the call, explicitly. What could still leak: a call whose last chunk never
    // comes keeps all of this, since no timer ends it; the chunker guarantees a last chunk, and
    // the analyze step one ChunkAnalyzed per chunk, failed or not.
    progress.clear();
    waiting.clear();
    segments.clear();
    mindmap.clear();
    insights.clear();
    // Expires with its TTL; a chunk replayed after that would start the call over, and leak.
    finished.update(true);
  }

  private List<SegmentFacts> allSegments() throws Exception {
    List<SegmentFacts> all = new ArrayList<>();
    segments.values().forEach(all::add);
    all.sort(Comparator.comparingLong(SegmentFacts::sequence));
    return all;
  }

  private MetricsUpdated metrics(String callId, CallMergeState state, Instant at) throws Exception {
    List<SegmentFacts> all = new ArrayList<>();
    segments.values().forEach(all::add);
    ConversationMetrics metrics = ConversationMetrics.of(all);
    return new MetricsUpdated(
        Ids.deterministic("metrics-updated", callId, state.nextIndex()),
        state.workspaceId(),
        callId,
        at,
        metrics.talkMsBySpeaker(),
        metrics.talkRatio(),
        metrics.longestMonologueMs(),
        metrics.questions(),
        metrics.speakerSwitchesPerMinute());
  }

  private static Progress progressOf(String callId, CallMergeState state, long nowMs) {
    long done = state.arrived();
    long total = Math.max(done, state.totalChunks());
    Long eta = null;
    if (done == total && state.lastIndex() >= 0) {
      eta = 0L;
    } else if (state.lastIndex() >= 0 && done > 1) {
      long perChunk = Math.max(0, nowMs - state.firstArrivalMs()) / (done - 1);
      eta = perChunk * (total - done);
    }
    return new Progress(
        Ids.deterministic("progress", callId, Progress.Stage.ANALYZED.name(), done),
        state.workspaceId(),
        callId,
        Instant.ofEpochMilli(nowMs),
        Progress.Stage.ANALYZED,
        done,
        total,
        eta);
  }

  private static Usage usage(ChunkAnalyzed chunk, Instant at) {
    return new Usage(
        Ids.deterministic("usage", chunk.chunkId()),
        chunk.workspaceId(),
        chunk.callId(),
        at,
        chunk.inputTokens(),
        chunk.outputTokens(),
        chunk.llmCalls(),
        0);
  }

  private static CallAnalyzed analyzed(
      String callId, CallMergeState state, CallAnalyzed.Status status, String reason, Instant at) {
    return new CallAnalyzed(
        Ids.deterministic("call-analyzed", callId),
        state.workspaceId(),
        callId,
        at,
        status,
        reason,
        state.analyzer());
  }

  private Ciphertext encrypt(ChunkAnalyzed chunk, Field field, byte[] plaintext) {
    return Ciphertext.of(cipher.encrypt(chunk.workspaceId(), chunk.callId(), field, plaintext));
  }

  /**
   * The segments merged so far (the current chunk's included), read from state once each per chunk.
   */
  private final class SegmentLookup {
    private final Map<String, @Nullable SegmentFacts> read = new HashMap<>();

    boolean isKnown(String segmentId) {
      return facts(segmentId) != null;
    }

    Citation citation(String segmentId) {
      SegmentFacts facts = facts(segmentId);
      if (facts == null) {
        throw new IllegalStateException("segment " + segmentId + " was grounded but is unknown");
      }
      return new Citation(segmentId, facts.startMs(), facts.endMs());
    }

    /** Orders segment ids as they were said; unknown ones (none after grounding) last. */
    Comparator<String> callOrder() {
      return Comparator.comparingLong(
              (String segmentId) -> {
                SegmentFacts facts = facts(segmentId);
                return facts == null ? Long.MAX_VALUE : facts.sequence();
              })
          .thenComparing(Comparator.naturalOrder());
    }

    private @Nullable SegmentFacts facts(String segmentId) {
      return read.computeIfAbsent(
          segmentId,
          id -> {
            try {
              return segments.get(id);
            } catch (Exception e) {
              throw new FlinkRuntimeException("cannot read the segments of the call", e);
            }
          });
    }
  }

  /**
   * A call's open state is cleared when its last chunk is merged. A call whose last chunk never
   * comes (one deleted while its chunks were analyzed: the chunker then cuts no last chunk) would
   * keep it forever; this expiry is the backstop. Calls last hours, never days.
   */
  private static <D extends StateDescriptor<?, ?>> D expiring(D descriptor) {
    descriptor.enableTimeToLive(StateTtlConfig.newBuilder(OPEN_CALL_RETENTION).build());
    return descriptor;
  }
}
