package io.callstream.flink.chunk;

import io.callstream.core.crypto.CiphertextRejectedException;
import io.callstream.core.crypto.Field;
import io.callstream.core.crypto.FieldCipher;
import io.callstream.core.crypto.KeyringException;
import io.callstream.core.event.CallDeleted;
import io.callstream.core.event.CallEnded;
import io.callstream.core.event.CallStarted;
import io.callstream.core.event.CallstreamEvent;
import io.callstream.core.event.Progress;
import io.callstream.core.event.TranscriptSegment;
import io.callstream.core.id.Ids;
import io.callstream.core.token.TokenCounter;
import io.callstream.flink.crypto.CipherSettings;
import io.callstream.flink.transcribe.SequenceTranscript;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ListState;
import org.apache.flink.api.common.state.ListStateDescriptor;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.state.StateTtlConfig;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.api.TimerService;
import org.apache.flink.streaming.api.functions.co.KeyedCoProcessFunction;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keyed by call: cuts the call's final transcript segments into {@link Chunk}s for the analyzers,
 * reading the calls topic for the call's source and end. See {@link CutRule} for where chunks are
 * cut; they are also cut after an idle gap in a live call and when the call ends. Every call ends
 * with exactly one chunk whose {@code last} is true, then its state is cleared but for a finished
 * marker.
 *
 * <p>Segments are deduplicated by sequence and ordered by sequence within the buffer; a segment
 * that arrives after the segments around it were cut goes into the next chunk, never lost. Chunk
 * and progress ids are derived from the call and the chunk index, so a replay cuts the same ids
 * (the same chunks, but for idle cuts, which depend on processing time).
 *
 * <p>Text stays encrypted in state: a segment is decrypted once, to count its tokens.
 */
public final class Chunker
    extends KeyedCoProcessFunction<String, TranscriptSegment, CallstreamEvent, Chunk> {

  /**
   * Progress of the call's first two stages: {@link Progress.Stage#RECEIVED} (done = distinct final
   * segments arrived) and {@link Progress.Stage#CHUNKED} (done = chunks emitted, total = chunks
   * known).
   */
  public static final OutputTag<Progress> PROGRESS =
      new OutputTag<>("chunked-progress", TypeInformation.of(Progress.class));

  /**
   * How long a finished (or deleted) call is remembered, so that late segments and a repeated
   * {@code CallEnded} do not start a second run. Far longer than any replay or redelivery; a
   * segment later than this would start the call over, with the same chunk ids.
   */
  public static final Duration FINISHED_MARKER_TTL = Duration.ofDays(7);

  private static final long serialVersionUID = 1L;
  private static final Logger LOG = LoggerFactory.getLogger(Chunker.class);
  private static final Comparator<BufferedSegment> BY_SEQUENCE =
      Comparator.comparingLong(BufferedSegment::sequence);

  private final ChunkingSettings settings;
  private final CipherSettings cipherSettings;

  private transient FieldCipher cipher;
  private transient TokenCounter tokenCounter;
  private transient CutRule rule;

  // Per call, all cleared when the call finishes or is deleted (clear()); until then they live as
  // long as the call, which the abandonment timer bounds: a call with no input for abandonAfter is
  // finished. Only `finished` outlives the call, and its TTL bounds it.
  private transient ValueState<OpenCall> call;
  private transient MapState<Long, BufferedSegment> buffer;
  private transient MapState<Long, Long> seen;
  private transient ListState<BufferedSegment> overlap;
  private transient ValueState<Boolean> finished;

  private transient Counter chunksEmitted;
  private transient Counter segmentsAfterFinish;
  private transient Counter undecryptableSegments;

  /**
   * @param settings budget, overlap and timeouts
   * @param cipherSettings where the workspace keys are; the cipher is opened in {@code open()}
   */
  public Chunker(ChunkingSettings settings, CipherSettings cipherSettings) {
    if (settings == null) {
      throw new IllegalArgumentException("settings must not be null");
    }
    if (cipherSettings == null) {
      throw new IllegalArgumentException("cipherSettings must not be null");
    }
    this.settings = settings;
    this.cipherSettings = cipherSettings;
  }

  @Override
  public void open(OpenContext openContext) {
    cipher = cipherSettings.open();
    tokenCounter = TokenCounter.o200k();
    rule = CutRule.of(settings);
    call = getRuntimeContext().getState(new ValueStateDescriptor<>("call", OpenCall.class));
    buffer =
        getRuntimeContext()
            .getMapState(new MapStateDescriptor<>("buffer", Long.class, BufferedSegment.class));
    // A bitmap of the sequences seen: key sequence / 64, value 64 bits. 6,000 segments fit in
    // 94 entries, and gaps in the sequence cost nothing.
    seen =
        getRuntimeContext().getMapState(new MapStateDescriptor<>("seen", Long.class, Long.class));
    overlap =
        getRuntimeContext()
            .getListState(new ListStateDescriptor<>("overlap", BufferedSegment.class));
    ValueStateDescriptor<Boolean> finishedDescriptor =
        new ValueStateDescriptor<>("finished", Types.BOOLEAN);
    finishedDescriptor.enableTimeToLive(
        StateTtlConfig.newBuilder(FINISHED_MARKER_TTL)
            .setUpdateType(StateTtlConfig.UpdateType.OnCreateAndWrite)
            .setStateVisibility(StateTtlConfig.StateVisibility.NeverReturnExpired)
            .build());
    finished = getRuntimeContext().getState(finishedDescriptor);
    chunksEmitted = getRuntimeContext().getMetricGroup().counter("chunksEmitted");
    segmentsAfterFinish = getRuntimeContext().getMetricGroup().counter("segmentsAfterFinish");
    undecryptableSegments = getRuntimeContext().getMetricGroup().counter("undecryptableSegments");
  }

  @Override
  public void processElement1(TranscriptSegment segment, Context context, Collector<Chunk> out)
      throws Exception {
    if (!segment.finalResult()) {
      return; // the final version of the segment follows
    }
    if (finished.value() != null) {
      segmentsAfterFinish.inc();
      return;
    }
    if (!markSeen(segment.sequence())) {
      return; // a redelivery or a client retry
    }
    long now = context.timerService().currentProcessingTime();
    if (!SequenceTranscript.transcribedFromAudio(segment)) {
      reportReceived(segment, now, context);
    }
    int tokens = countTokens(segment);
    buffer.put(segment.sequence(), new BufferedSegment(segment, tokens));
    OpenCall state = opened(segment.workspaceId(), context.timerService(), now).buffered(tokens);
    if (state.bufferedTokens() >= settings.tokenBudget()) {
      state = cut(state, false, context, out);
    }
    Long awaited = state.awaitedLastSequence();
    if (awaited != null && awaited == segment.sequence()) {
      finish(state, context, out);
      return;
    }
    call.update(rearmIdle(state, context.timerService(), now));
  }

  @Override
  public void processElement2(CallstreamEvent event, Context context, Collector<Chunk> out)
      throws Exception {
    if (finished.value() != null) {
      return; // a late CallStarted, a repeated CallEnded, or a replay
    }
    TimerService timers = context.timerService();
    long now = timers.currentProcessingTime();
    if (event instanceof CallDeleted) {
      OpenCall state = call.value();
      if (state != null) {
        clear(state, timers);
      }
      finished.update(true);
    } else if (event instanceof CallStarted started) {
      OpenCall state = opened(started.workspaceId(), timers, now).withSource(started.source());
      call.update(state.cutsWhenIdle() ? state : cancelIdle(state, timers));
    } else if (event instanceof CallEnded ended) {
      OpenCall state = opened(ended.workspaceId(), timers, now);
      Long lastSequence = ended.lastSequence();
      if (state.ending()) {
        call.update(state); // a repeated CallEnded: the grace timer runs already
      } else if (lastSequence == null || isSeen(lastSequence)) {
        finish(state, context, out);
      } else {
        long graceTimer = now + settings.endGrace().toMillis();
        timers.registerProcessingTimeTimer(graceTimer);
        call.update(cancelIdle(state.ending(lastSequence, graceTimer), timers));
      }
    }
    // Other events do not belong on the calls topic; they change nothing here.
  }

  @Override
  public void onTimer(long timestamp, OnTimerContext context, Collector<Chunk> out)
      throws Exception {
    OpenCall state = call.value();
    if (state == null) {
      return; // the call finished; its timers were deleted, but one may have been firing
    }
    if (timestamp == state.graceTimer()) {
      LOG.info(
          "call {} of workspace {} ended {} ago without segment {}; finishing with what there is",
          context.getCurrentKey(),
          state.workspaceId(),
          settings.endGrace(),
          state.awaitedLastSequence());
      finish(state, context, out);
      return;
    }
    if (timestamp == state.abandonTimer()) {
      long abandonAt = state.lastInputAt() + settings.abandonAfter().toMillis();
      if (abandonAt <= timestamp) {
        LOG.info(
            "call {} of workspace {} had no input for {}; finishing it as ended",
            context.getCurrentKey(),
            state.workspaceId(),
            settings.abandonAfter());
        finish(state, context, out);
        return;
      }
      // Input came since the timer was set: it is moved then, not on every segment.
      context.timerService().registerProcessingTimeTimer(abandonAt);
      state = state.withAbandonTimer(abandonAt);
    }
    if (timestamp == state.idleTimer()) {
      state = cut(state.withIdleTimer(0), true, context, out);
    }
    call.update(state);
  }

  /** The call's state, created with its abandonment timer on its first input, touched now. */
  private OpenCall opened(String workspaceId, TimerService timers, long now) throws Exception {
    OpenCall state = call.value();
    if (state == null) {
      long abandonTimer = now + settings.abandonAfter().toMillis();
      timers.registerProcessingTimeTimer(abandonTimer);
      state = OpenCall.start(workspaceId, now, abandonTimer);
    }
    return state.touched(now);
  }

  /**
   * Emits the chunks {@link CutRule} cuts from the buffer; with {@code complete}, everything
   * buffered, as chunks that are not the last.
   */
  private OpenCall cut(OpenCall state, boolean complete, Context context, Collector<Chunk> out)
      throws Exception {
    List<BufferedSegment> rest = bufferedInOrder();
    int length;
    while ((length = rule.nextCut(rest, complete)) > 0) {
      List<BufferedSegment> chunk = rest.subList(0, length);
      rest = rest.subList(length, rest.size());
      long total = state.chunks() + 1 + (rest.isEmpty() ? 0 : 1);
      state = emit(state, chunk, false, total, context, out);
    }
    return state;
  }

  /**
   * Emits what is buffered and the call's last chunk, then forgets the call but for the finished
   * marker.
   */
  private void finish(OpenCall state, Context context, Collector<Chunk> out) throws Exception {
    List<List<BufferedSegment>> chunks = new ArrayList<>();
    List<BufferedSegment> rest = bufferedInOrder();
    int length;
    while ((length = rule.nextCut(rest, true)) > 0) {
      chunks.add(rest.subList(0, length));
      rest = rest.subList(length, rest.size());
    }
    if (chunks.isEmpty()) {
      chunks.add(List.of()); // the last chunk says how many chunks the call has
    }
    long total = state.chunks() + chunks.size();
    for (int i = 0; i < chunks.size(); i++) {
      state = emit(state, chunks.get(i), i == chunks.size() - 1, total, context, out);
    }
    clear(state, context.timerService());
    finished.update(true);
  }

  private OpenCall emit(
      OpenCall state,
      List<BufferedSegment> segments,
      boolean last,
      long total,
      Context context,
      Collector<Chunk> out)
      throws Exception {
    String callId = context.getCurrentKey();
    int index = state.chunks();
    List<TranscriptSegment> chunkSegments = new ArrayList<>(segments.size());
    int tokens = 0;
    for (BufferedSegment segment : segments) {
      chunkSegments.add(segment.segment());
      tokens += segment.tokens();
      buffer.remove(segment.sequence());
    }
    List<TranscriptSegment> chunkContext = new ArrayList<>();
    if (!segments.isEmpty()) {
      Iterable<BufferedSegment> previousTail = overlap.get();
      if (previousTail != null) { // some state backends return null for an empty list
        previousTail.forEach(segment -> chunkContext.add(segment.segment()));
      }
      overlap.update(rule.overlap(segments));
    }
    out.collect(
        new Chunk(
            state.workspaceId(),
            callId,
            Ids.deterministic("chunk", callId, index),
            index,
            chunkContext,
            chunkSegments,
            tokens,
            last));
    long done = index + 1L;
    context.output(
        PROGRESS,
        new Progress(
            Ids.deterministic("progress", callId, Progress.Stage.CHUNKED.name(), done),
            state.workspaceId(),
            callId,
            Instant.ofEpochMilli(context.timerService().currentProcessingTime()),
            Progress.Stage.CHUNKED,
            done,
            Math.max(done, total),
            null));
    chunksEmitted.inc();
    return state.afterChunk(segments.size(), tokens);
  }

  /**
   * After a new segment: moves the idle timer to now + idleGap, or removes it when the call is not
   * cut when idle (nothing buffered, an upload, or ending).
   */
  private OpenCall rearmIdle(OpenCall state, TimerService timers, long now) {
    OpenCall cancelled = cancelIdle(state, timers);
    if (!cancelled.cutsWhenIdle()) {
      return cancelled;
    }
    long idleTimer = now + settings.idleGap().toMillis();
    timers.registerProcessingTimeTimer(idleTimer);
    return cancelled.withIdleTimer(idleTimer);
  }

  private static OpenCall cancelIdle(OpenCall state, TimerService timers) {
    if (state.idleTimer() != 0) {
      deleteTimer(timers, state.idleTimer(), state.graceTimer(), state.abandonTimer());
    }
    return state.withIdleTimer(0);
  }

  /** Forgets the call: every timer and every state but the finished marker. */
  private void clear(OpenCall state, TimerService timers) {
    for (long timer : new long[] {state.idleTimer(), state.graceTimer(), state.abandonTimer()}) {
      if (timer != 0) {
        timers.deleteProcessingTimeTimer(timer);
      }
    }
    call.clear();
    buffer.clear();
    seen.clear();
    overlap.clear();
  }

  /**
   * Flink keeps one timer per key and time, so a timer is deleted only if no other timer of the
   * call falls on the same millisecond; otherwise that one would be lost with it.
   */
  private static void deleteTimer(TimerService timers, long timer, long... others) {
    for (long other : others) {
      if (other == timer) {
        return;
      }
    }
    timers.deleteProcessingTimeTimer(timer);
  }

  private List<BufferedSegment> bufferedInOrder() throws Exception {
    List<BufferedSegment> segments = new ArrayList<>();
    buffer.values().forEach(segments::add);
    segments.sort(BY_SEQUENCE);
    return segments;
  }

  /**
   * Reports {@code RECEIVED} progress: how many distinct final segments of the call arrived. The
   * count comes from the bitmap of sequences seen, so a replay reports the same counts under the
   * same ids.
   */
  private void reportReceived(TranscriptSegment segment, long now, Context context)
      throws Exception {
    long received = 0;
    for (Long bits : seen.values()) {
      received += Long.bitCount(bits);
    }
    context.output(
        PROGRESS,
        new Progress(
            Ids.deterministic(
                "progress", segment.callId(), Progress.Stage.RECEIVED.name(), received),
            segment.workspaceId(),
            segment.callId(),
            Instant.ofEpochMilli(now),
            Progress.Stage.RECEIVED,
            received,
            received,
            null));
  }

  /** Marks a sequence seen; false if it was seen before. */
  private boolean markSeen(long sequence) throws Exception {
    long word = sequence >>> 6;
    long bit = 1L << (sequence & 63);
    Long bits = seen.get(word);
    long before = bits == null ? 0L : bits;
    if ((before & bit) != 0) {
      return false;
    }
    seen.put(word, before | bit);
    return true;
  }

  private boolean isSeen(long sequence) throws Exception {
    Long bits = seen.get(sequence >>> 6);
    return bits != null && (bits & (1L << (sequence & 63))) != 0;
  }

  /**
   * Tokens of the segment's decrypted text; the plaintext is dropped at once. A segment that cannot
   * be decrypted is counted by its length, so it still reaches a chunk (and the analyzer reports
   * it).
   */
  private int countTokens(TranscriptSegment segment) {
    try {
      String text =
          cipher.decryptText(
              segment.workspaceId(),
              segment.callId(),
              Field.TRANSCRIPT_TEXT,
              segment.text().bytes());
      return tokenCounter.count(text);
    } catch (CiphertextRejectedException | KeyringException e) {
      undecryptableSegments.inc();
      int estimate = segment.text().length() / 4;
      LOG.warn(
          "cannot decrypt segment {} (sequence {}) of call {} in workspace {}: {}; counting it as"
              + " {} tokens",
          segment.segmentId(),
          segment.sequence(),
          segment.callId(),
          segment.workspaceId(),
          e.getClass().getSimpleName(),
          estimate);
      return estimate;
    }
  }
}
