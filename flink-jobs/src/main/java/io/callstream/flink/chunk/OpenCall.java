package io.callstream.flink.chunk;

import io.callstream.core.event.CallStarted;
import org.jspecify.annotations.Nullable;

/**
 * Where the {@link Chunker} stands with one call it has not finished: one state value per call, so
 * a segment costs one read and one write of it. Public only because Flink serializes public records
 * as POJOs. Timer fields hold the processing time a timer is registered for, or 0 for none.
 *
 * @param source how the call reaches us, or null until its {@code CallStarted} arrives
 * @param chunks chunks emitted so far: the index of the next one
 * @param bufferedSegments segments waiting in the buffer
 * @param bufferedTokens their tokens
 * @param awaitedLastSequence after {@code CallEnded}: the last segment still to come; null before
 * @param lastInputAt processing time of the last input that counted (abandonment is measured from
 *     it)
 * @param idleTimer the idle-gap timer
 * @param graceTimer the end-grace timer
 * @param abandonTimer the abandonment timer
 */
public record OpenCall(
    String workspaceId,
    CallStarted.@Nullable Source source,
    int chunks,
    int bufferedSegments,
    int bufferedTokens,
    @Nullable Long awaitedLastSequence,
    long lastInputAt,
    long idleTimer,
    long graceTimer,
    long abandonTimer) {

  static OpenCall start(String workspaceId, long now, long abandonTimer) {
    return new OpenCall(workspaceId, null, 0, 0, 0, null, now, 0, 0, abandonTimer);
  }

  /** Whether {@code CallEnded} has come and the chunker waits for its last segment. */
  boolean ending() {
    return awaitedLastSequence != null;
  }

  /** Whether buffered segments are cut after an idle gap: live or unknown calls, not ending. */
  boolean cutsWhenIdle() {
    return source != CallStarted.Source.UPLOAD && !ending() && bufferedSegments > 0;
  }

  OpenCall touched(long now) {
    return new OpenCall(
        workspaceId,
        source,
        chunks,
        bufferedSegments,
        bufferedTokens,
        awaitedLastSequence,
        now,
        idleTimer,
        graceTimer,
        abandonTimer);
  }

  OpenCall withSource(CallStarted.Source source) {
    return new OpenCall(
        workspaceId,
        source,
        chunks,
        bufferedSegments,
        bufferedTokens,
        awaitedLastSequence,
        lastInputAt,
        idleTimer,
        graceTimer,
        abandonTimer);
  }

  OpenCall buffered(int tokens) {
    return new OpenCall(
        workspaceId,
        source,
        chunks,
        bufferedSegments + 1,
        bufferedTokens + tokens,
        awaitedLastSequence,
        lastInputAt,
        idleTimer,
        graceTimer,
        abandonTimer);
  }

  OpenCall afterChunk(int segments, int tokens) {
    return new OpenCall(
        workspaceId,
        source,
        chunks + 1,
        bufferedSegments - segments,
        bufferedTokens - tokens,
        awaitedLastSequence,
        lastInputAt,
        idleTimer,
        graceTimer,
        abandonTimer);
  }

  OpenCall withIdleTimer(long idleTimer) {
    return new OpenCall(
        workspaceId,
        source,
        chunks,
        bufferedSegments,
        bufferedTokens,
        awaitedLastSequence,
        lastInputAt,
        idleTimer,
        graceTimer,
        abandonTimer);
  }

  OpenCall ending(long lastSequence, long graceTimer) {
    return new OpenCall(
        workspaceId,
        source,
        chunks,
        bufferedSegments,
        bufferedTokens,
        lastSequence,
        lastInputAt,
        idleTimer,
        graceTimer,
        abandonTimer);
  }

  OpenCall withAbandonTimer(long abandonTimer) {
    return new OpenCall(
        workspaceId,
        source,
        chunks,
        bufferedSegments,
        bufferedTokens,
        awaitedLastSequence,
        lastInputAt,
        idleTimer,
        graceTimer,
        abandonTimer);
  }
}
