package io.callstream.query.api;

import io.callstream.core.event.InsightType;
import java.time.Instant;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * One insight of a call, decrypted. Immutable.
 *
 * @param owner who is to act, when named
 * @param due when it is due, as said in the call
 * @param citedSegmentIds the transcript segments it rests on
 */
public record InsightView(
    String insightId,
    String callId,
    InsightType type,
    String text,
    @Nullable String owner,
    @Nullable String due,
    List<String> citedSegmentIds,
    String analyzer,
    Instant occurredAt) {

  public InsightView {
    citedSegmentIds = List.copyOf(citedSegmentIds);
  }
}
