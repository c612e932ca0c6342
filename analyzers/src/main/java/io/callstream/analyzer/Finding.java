package io.callstream.analyzer;

import io.callstream.core.event.InsightType;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * An insight found in a chunk: an action item, a decision, an open question, an objection, a risk
 * or a next step.
 *
 * @param owner who is to act, only when the transcript names someone
 * @param due when it is due, only when the transcript says so
 * @param segmentIds segments it rests on
 */
public record Finding(
    InsightType type,
    String text,
    @Nullable String owner,
    @Nullable String due,
    List<String> segmentIds) {

  public Finding {
    Require.notNull(type, "type");
    if (type == InsightType.SUMMARY) {
      throw new IllegalArgumentException("a summary is a synthesis, not a finding");
    }
    Require.notBlank(text, "text");
    segmentIds = List.copyOf(Require.notNull(segmentIds, "segmentIds"));
  }
}
