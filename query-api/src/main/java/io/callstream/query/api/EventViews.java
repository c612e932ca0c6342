package io.callstream.query.api;

import io.callstream.core.crypto.Field;
import io.callstream.core.crypto.FieldCipher;
import io.callstream.core.event.CallAnalyzed;
import io.callstream.core.event.CallstreamEvent;
import io.callstream.core.event.InsightDetected;
import io.callstream.core.event.InsightType;
import io.callstream.core.event.MetricsUpdated;
import io.callstream.core.event.MindmapUpdated;
import io.callstream.core.event.Progress;
import io.callstream.core.event.SummaryUpdated;
import io.callstream.core.event.TranscriptSegment;
import io.callstream.core.result.InsightBody;
import io.callstream.core.result.ResultJson;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * The decrypted views of stored results, the same for a REST answer and a live event, so a client
 * reads one shape either way. Decryption may block on the first use of a workspace's keyset: call
 * these off Netty and Reactor's parallel threads. Thread-safe.
 */
public final class EventViews {

  private final FieldCipher cipher;

  public EventViews(FieldCipher cipher) {
    this.cipher = Objects.requireNonNull(cipher, "cipher must not be null");
  }

  /** How the analysis of a call ended, as a live event. */
  public record AnalysisView(
      String callId, String status, @Nullable String reason, String analyzer, Instant at) {}

  /** A call's progress in one stage, as a live event. */
  public record ProgressView(
      String callId, String stage, long done, long total, @Nullable Long etaMs, Instant at) {}

  /**
   * The view of a result, transcript or progress event.
   *
   * @throws IllegalArgumentException for an event that has no view (not a result or progress)
   */
  public Object of(CallstreamEvent event) {
    String workspaceId = event.workspaceId();
    String callId = event.callId();
    if (event instanceof MindmapUpdated mindmap) {
      return mindmap(
          workspaceId,
          callId,
          mindmap.version(),
          mindmap.mindmap().bytes(),
          mindmap.analyzer(),
          mindmap.occurredAt());
    } else if (event instanceof InsightDetected insight) {
      return insight(
          workspaceId,
          callId,
          insight.insightId(),
          insight.insightType(),
          insight.body().bytes(),
          insight.citedSegmentIds(),
          insight.analyzer(),
          insight.occurredAt());
    } else if (event instanceof SummaryUpdated summary) {
      return summary(
          workspaceId,
          callId,
          summary.version(),
          summary.summary().bytes(),
          summary.citedSegmentIds(),
          summary.analyzer(),
          summary.occurredAt());
    } else if (event instanceof MetricsUpdated metrics) {
      return new MetricsView(
          callId,
          metrics.talkMsBySpeaker(),
          metrics.talkRatio(),
          metrics.longestMonologueMs(),
          metrics.questions(),
          metrics.speakerSwitchesPerMinute(),
          metrics.occurredAt());
    } else if (event instanceof CallAnalyzed analyzed) {
      return new AnalysisView(
          callId,
          analyzed.status().name(),
          analyzed.reason(),
          analyzed.analyzer(),
          analyzed.occurredAt());
    } else if (event instanceof TranscriptSegment segment) {
      return new TranscriptSegmentView(
          callId,
          segment.segmentId(),
          segment.sequence(),
          segment.speaker(),
          segment.startMs(),
          segment.endMs(),
          cipher.decryptText(workspaceId, callId, Field.TRANSCRIPT_TEXT, segment.text().bytes()),
          segment.finalResult());
    } else if (event instanceof Progress progress) {
      return new ProgressView(
          callId,
          progress.stage().name(),
          progress.done(),
          progress.total(),
          progress.etaMs(),
          progress.occurredAt());
    }
    throw new IllegalArgumentException("no view of " + event.type().ceType());
  }

  MindmapView mindmap(
      String workspaceId,
      String callId,
      long version,
      byte[] ciphertext,
      String analyzer,
      Instant updatedAt) {
    byte[] plaintext = cipher.decrypt(workspaceId, callId, Field.MINDMAP, ciphertext);
    try {
      return new MindmapView(
          callId, version, analyzer, updatedAt, ResultJson.readMindmap(plaintext));
    } catch (IOException e) {
      throw new UncheckedIOException("a stored mindmap is not a mindmap document", e);
    }
  }

  InsightView insight(
      String workspaceId,
      String callId,
      String insightId,
      InsightType type,
      byte[] ciphertext,
      List<String> citedSegmentIds,
      String analyzer,
      Instant occurredAt) {
    byte[] plaintext = cipher.decrypt(workspaceId, callId, Field.INSIGHT, ciphertext);
    InsightBody body;
    try {
      body = ResultJson.readInsight(plaintext);
    } catch (IOException e) {
      throw new UncheckedIOException("a stored insight is not an insight document", e);
    }
    return new InsightView(
        insightId,
        callId,
        type,
        body.text(),
        body.owner(),
        body.due(),
        citedSegmentIds,
        analyzer,
        occurredAt);
  }

  SummaryView summary(
      String workspaceId,
      String callId,
      long version,
      byte[] ciphertext,
      List<String> citedSegmentIds,
      String analyzer,
      Instant updatedAt) {
    return new SummaryView(
        callId,
        version,
        cipher.decryptText(workspaceId, callId, Field.SUMMARY, ciphertext),
        citedSegmentIds,
        analyzer,
        updatedAt);
  }
}
