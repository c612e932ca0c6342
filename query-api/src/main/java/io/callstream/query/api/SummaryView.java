package io.callstream.query.api;

import java.time.Instant;
import java.util.List;

/** A call's latest summary, decrypted, with the segments it rests on. Immutable. */
public record SummaryView(
    String callId,
    long version,
    String text,
    List<String> citedSegmentIds,
    String analyzer,
    Instant updatedAt) {

  public SummaryView {
    citedSegmentIds = List.copyOf(citedSegmentIds);
  }
}
