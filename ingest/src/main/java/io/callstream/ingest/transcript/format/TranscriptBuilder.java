package io.callstream.ingest.transcript.format;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Collects the segments of one file as a parser reads them, with the checks every format shares.
 * Parsers check their own fields first, with messages in their own terms; these checks are the
 * floor under all of them. Not thread-safe: one per parse.
 */
final class TranscriptBuilder {

  private final List<ParsedSegment> segments = new ArrayList<>();

  /**
   * Adds a segment, numbered after the ones before it.
   *
   * @throws TranscriptFormatException naming {@code line} if the segment breaks a shared rule
   */
  void add(int line, String speaker, long startMs, long endMs, String text) {
    if (speaker.isBlank()) {
      throw new TranscriptFormatException(line, "speaker must not be blank");
    }
    // The speaker travels in plaintext to stores that cannot hold NUL (PostgreSQL text, jsonb).
    if (speaker.indexOf('\0') >= 0) {
      throw new TranscriptFormatException(line, "speaker must not contain NUL characters");
    }
    if (text.isBlank()) {
      throw new TranscriptFormatException(line, "text must not be blank");
    }
    if (startMs < 0) {
      throw new TranscriptFormatException(line, "start must not be negative, was " + startMs);
    }
    if (endMs < startMs) {
      throw new TranscriptFormatException(
          line, "end " + endMs + " ms is before start " + startMs + " ms");
    }
    segments.add(
        new ParsedSegment(segments.size(), line, speaker.strip(), startMs, endMs, text.strip()));
  }

  /**
   * The segments in file order, numbered in file order.
   *
   * @param noSegments what to say when there are none, for example {@code "the WebVTT file has no
   *     cues"}
   */
  ParsedTranscript inFileOrder(int line, String noSegments) {
    requireSome(line, noSegments);
    return new ParsedTranscript(segments);
  }

  /**
   * The segments in file order, numbered by start time (ties in file order), for formats whose
   * lines are not in time order: consumers that order by sequence get time order, and the file
   * order is not lost.
   */
  ParsedTranscript sequencedByStart(int line, String noSegments) {
    requireSome(line, noSegments);
    List<ParsedSegment> byStart = new ArrayList<>(segments);
    // List.sort is stable: equal starts keep file order.
    byStart.sort(Comparator.comparingLong(ParsedSegment::startMs));
    long[] sequenceOf = new long[segments.size()];
    for (int rank = 0; rank < byStart.size(); rank++) {
      sequenceOf[(int) byStart.get(rank).sequence()] = rank;
    }
    List<ParsedSegment> numbered = new ArrayList<>(segments.size());
    for (ParsedSegment segment : segments) {
      numbered.add(
          new ParsedSegment(
              sequenceOf[(int) segment.sequence()],
              segment.line(),
              segment.speaker(),
              segment.startMs(),
              segment.endMs(),
              segment.text()));
    }
    return new ParsedTranscript(numbered);
  }

  private void requireSome(int line, String noSegments) {
    if (segments.isEmpty()) {
      throw new TranscriptFormatException(line, noSegments);
    }
  }
}
