package io.callstream.query.export;

import io.callstream.core.result.Citation;
import java.util.List;
import java.util.stream.Collectors;

/** Citations as attribute values and notes in the XML formats. */
final class CitationText {

  private CitationText() {}

  /** Segment ids separated by spaces: {@code "seg-1 seg-7"}. */
  static String segmentIds(List<Citation> citations) {
    return citations.stream().map(Citation::segmentId).collect(Collectors.joining(" "));
  }

  /** A line per citation for readers: {@code "12:34-12:50 seg-1"}. */
  static String note(List<Citation> citations) {
    return citations.stream()
        .map(
            c ->
                Timestamps.clock(c.startMs())
                    + "-"
                    + Timestamps.clock(c.endMs())
                    + " "
                    + c.segmentId())
        .collect(Collectors.joining("\n"));
  }
}
