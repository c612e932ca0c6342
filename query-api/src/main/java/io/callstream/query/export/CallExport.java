package io.callstream.query.export;

import io.callstream.core.event.InsightType;
import io.callstream.core.result.MindmapNode;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * Everything an export of one call holds, already decrypted: what the export formats read.
 * Immutable and thread-safe.
 *
 * @param callId id of the call
 * @param title title of the call, shown as the document title
 * @param mindmap root of the call's mindmap
 * @param insights the call's insights, in the order they came up
 * @param summary the call's summary, when there is one
 */
public record CallExport(
    String callId,
    String title,
    MindmapNode mindmap,
    List<ExportedInsight> insights,
    @Nullable String summary) {

  public CallExport {
    if (callId == null || callId.isBlank()) {
      throw new IllegalArgumentException("callId must not be blank");
    }
    if (title == null || title.isBlank()) {
      throw new IllegalArgumentException("title must not be blank");
    }
    if (mindmap == null) {
      throw new IllegalArgumentException("mindmap must not be null");
    }
    insights = List.copyOf(insights == null ? List.of() : insights);
    if (summary != null && summary.isBlank()) {
      summary = null;
    }
  }

  /** A call export with no summary. */
  public static CallExport of(
      String callId, String title, MindmapNode mindmap, List<ExportedInsight> insights) {
    return new CallExport(callId, title, mindmap, insights, null);
  }

  /** The insights grouped by type, types in declaration order, only types that have insights. */
  public Map<InsightType, List<ExportedInsight>> insightsByType() {
    Map<InsightType, List<ExportedInsight>> byType = new EnumMap<>(InsightType.class);
    for (ExportedInsight insight : insights) {
      byType.computeIfAbsent(insight.type(), type -> new ArrayList<>()).add(insight);
    }
    return byType;
  }
}
