package io.callstream.query.export;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.StreamWriteFeature;
import io.callstream.core.event.InsightType;
import io.callstream.core.result.Citation;
import io.callstream.core.result.MindmapNode;
import java.io.IOException;
import java.io.OutputStream;
import java.util.List;
import java.util.Map;

/**
 * JSON export, written with Jackson's streaming generator. Shape ({@code format} names it for
 * readers that keep files around):
 *
 * <pre>{@code
 * {
 *   "format": "callstream.export.v1",
 *   "callId": "...", "title": "...", "summary": "..." (absent when none),
 *   "mindmap": {"id", "label", "time": "12:34" (absent when uncited),
 *               "citations": [{"segmentId", "startMs", "endMs"}], "children": [ ...nodes ]},
 *   "insights": {"ACTION_ITEM": [{"insightId", "text", "owner"?, "due"?, "time"?,
 *                                 "citations": [...]}], "DECISION": [...], ...}
 * }
 * }</pre>
 *
 * Insight types appear in {@link InsightType} order, only those the call has. Stateless and
 * thread-safe.
 */
public final class JsonExport implements ExportFormat {

  /** Value of the top-level {@code format} field. */
  public static final String FORMAT = "callstream.export.v1";

  private static final JsonFactory FACTORY =
      JsonFactory.builder().disable(StreamWriteFeature.AUTO_CLOSE_TARGET).build();

  @Override
  public String name() {
    return "json";
  }

  @Override
  public String mediaType() {
    return "application/json";
  }

  @Override
  public String fileExtension() {
    return "json";
  }

  @Override
  public void write(CallExport export, OutputStream out) throws IOException {
    try (JsonGenerator json = FACTORY.createGenerator(out).useDefaultPrettyPrinter()) {
      json.writeStartObject();
      json.writeStringField("format", FORMAT);
      json.writeStringField("callId", export.callId());
      json.writeStringField("title", export.title());
      if (export.summary() != null) {
        json.writeStringField("summary", export.summary());
      }
      json.writeFieldName("mindmap");
      node(json, export.mindmap());
      json.writeObjectFieldStart("insights");
      for (Map.Entry<InsightType, List<ExportedInsight>> group :
          export.insightsByType().entrySet()) {
        json.writeArrayFieldStart(group.getKey().name());
        for (ExportedInsight insight : group.getValue()) {
          insight(json, insight);
        }
        json.writeEndArray();
      }
      json.writeEndObject();
      json.writeEndObject();
    }
  }

  private static void node(JsonGenerator json, MindmapNode node) throws IOException {
    json.writeStartObject();
    json.writeStringField("id", node.id());
    json.writeStringField("label", node.label());
    citations(json, node.citations());
    json.writeArrayFieldStart("children");
    for (MindmapNode child : node.children()) {
      node(json, child);
    }
    json.writeEndArray();
    json.writeEndObject();
  }

  private static void insight(JsonGenerator json, ExportedInsight insight) throws IOException {
    json.writeStartObject();
    json.writeStringField("insightId", insight.insightId());
    json.writeStringField("text", insight.body().text());
    if (insight.body().owner() != null) {
      json.writeStringField("owner", insight.body().owner());
    }
    if (insight.body().due() != null) {
      json.writeStringField("due", insight.body().due());
    }
    citations(json, insight.citations());
    json.writeEndObject();
  }

  private static void citations(JsonGenerator json, List<Citation> citations) throws IOException {
    if (!citations.isEmpty()) {
      json.writeStringField(
          "time", Timestamps.clock(Timestamps.firstStart(citations).orElseThrow()));
    }
    json.writeArrayFieldStart("citations");
    for (Citation citation : citations) {
      json.writeStartObject();
      json.writeStringField("segmentId", citation.segmentId());
      json.writeNumberField("startMs", citation.startMs());
      json.writeNumberField("endMs", citation.endMs());
      json.writeEndObject();
    }
    json.writeEndArray();
  }
}
