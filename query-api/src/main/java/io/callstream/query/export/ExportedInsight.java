package io.callstream.query.export;

import io.callstream.core.event.InsightType;
import io.callstream.core.result.Citation;
import io.callstream.core.result.InsightBody;
import java.util.List;

/**
 * One insight of a call as exported: what it says and the segments it rests on. Immutable.
 *
 * @param insightId id of the insight
 * @param type kind of insight
 * @param body what it says (text, owner, due)
 * @param citations the transcript segments it cites, in call order
 */
public record ExportedInsight(
    String insightId, InsightType type, InsightBody body, List<Citation> citations) {

  public ExportedInsight {
    if (insightId == null || insightId.isBlank()) {
      throw new IllegalArgumentException("insightId must not be blank");
    }
    if (type == null) {
      throw new IllegalArgumentException("type must not be null");
    }
    if (body == null) {
      throw new IllegalArgumentException("body must not be null");
    }
    citations = List.copyOf(citations == null ? List.of() : citations);
  }
}
