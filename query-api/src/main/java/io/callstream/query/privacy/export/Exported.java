package io.callstream.query.privacy.export;

import io.callstream.core.result.MindmapNode;
import java.time.Instant;
import java.util.List;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;

/**
 * The parts of a workspace export, as JSON writes them. Metadata of credentials only: no key hash,
 * invitation token hash or integration secret ever goes into one of these.
 */
final class Exported {

  private Exported() {}

  /** The workspace; {@code retentionDays} is its own setting, null for the plan's default. */
  record Workspace(
      String id,
      String name,
      String plan,
      @Nullable Integer retentionDays,
      @Nullable Integer effectiveRetentionDays,
      Instant createdAt) {}

  record Member(String userId, @Nullable String email, String role, Instant createdAt) {}

  record Invitation(
      String id,
      String email,
      String role,
      String invitedBy,
      Instant createdAt,
      Instant expiresAt,
      @Nullable Instant acceptedAt) {}

  record ApiKey(
      String id,
      String name,
      String role,
      @Nullable String createdBy,
      Instant createdAt,
      @Nullable Instant expiresAt,
      @Nullable Instant lastUsedAt,
      @Nullable Instant revokedAt) {}

  record Template(String name, JsonNode body, Instant updatedAt) {}

  /** An integration, masked: which provider, and the last characters of its secret. */
  record Integration(String kind, String provider, String secretHint, Instant updatedAt) {}

  record Call(
      String id,
      String title,
      String source,
      String status,
      Instant createdAt,
      @Nullable Instant endedAt,
      @Nullable Long durationMs) {}

  record Participant(int position, String name) {}

  record Segment(
      long sequence,
      String segmentId,
      String speaker,
      long startMs,
      long endMs,
      boolean finalResult,
      String text) {}

  record Mindmap(long version, String analyzer, Instant updatedAt, MindmapNode root) {}

  record Insight(
      String insightId,
      String type,
      String text,
      @Nullable String owner,
      @Nullable String due,
      List<String> citedSegmentIds,
      String analyzer,
      Instant occurredAt) {}

  record Summary(
      long version, String text, List<String> citedSegmentIds, String analyzer, Instant at) {}

  record Metrics(
      JsonNode talkMsBySpeaker,
      double talkRatio,
      long longestMonologueMs,
      int questions,
      double speakerSwitchesPerMinute,
      Instant occurredAt) {}

  record Analysis(String status, @Nullable String reason, String analyzer, Instant occurredAt) {}

  record Progress(String stage, long done, long total, @Nullable Long etaMs, Instant occurredAt) {}

  record AuditEntry(
      long seq,
      String id,
      String type,
      String actor,
      @Nullable String sourceIp,
      Instant occurredAt,
      JsonNode diff) {}
}
