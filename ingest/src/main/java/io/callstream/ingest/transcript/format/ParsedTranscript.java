package io.callstream.ingest.transcript.format;

import java.util.List;

/**
 * A transcript file as its parser read it.
 *
 * @param segments in the order of the file, at least one; their sequence numbers are 0 to n-1, each
 *     once
 */
public record ParsedTranscript(List<ParsedSegment> segments) {

  public ParsedTranscript {
    segments = List.copyOf(segments);
    if (segments.isEmpty()) {
      throw new IllegalArgumentException("segments must not be empty");
    }
  }
}
