package io.callstream.ingest.limits;

import java.util.Objects;
import java.util.Optional;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.util.unit.DataSize;

/**
 * What ingest accepts at most, from {@code callstream.ingest.limits.*}. Immutable and thread-safe.
 *
 * @param transcriptBytes the body of one transcript upload ({@code transcript-bytes}); more is a
 *     413
 * @param segmentTextCharacters the text of one segment, in Unicode code points ({@code
 *     segment-text-characters}); more is a 422
 * @param segmentsPerCall how many segments one call may have ({@code segments-per-call}); a segment
 *     whose sequence number is this or higher is a 422. Sequences count from 0 and a segment that
 *     replaces another keeps its sequence, so this bounds the segments of a call without counting
 *     them anywhere: no state, the same answer on every ingest instance and on a retry. A client
 *     that numbers its segments sparsely reaches the limit sooner.
 */
@ConfigurationProperties("callstream.ingest.limits")
public record IngestLimits(
    DataSize transcriptBytes, int segmentTextCharacters, long segmentsPerCall) {

  /** The prefix of every setting here. */
  public static final String PREFIX = "callstream.ingest.limits.";

  public IngestLimits {
    Objects.requireNonNull(transcriptBytes, PREFIX + "transcript-bytes must be set");
    if (transcriptBytes.toBytes() < 1) {
      throw new IllegalArgumentException(
          PREFIX + "transcript-bytes must be positive, was " + transcriptBytes);
    }
    if (segmentTextCharacters < 1) {
      throw new IllegalArgumentException(
          PREFIX + "segment-text-characters must be positive, was " + segmentTextCharacters);
    }
    if (segmentsPerCall < 1) {
      throw new IllegalArgumentException(
          PREFIX + "segments-per-call must be positive, was " + segmentsPerCall);
    }
  }

  /**
   * Checks one segment against the segment limits.
   *
   * @param sequence the segment's sequence number in its call
   * @param text its text; null and blank are someone else's concern
   * @return the first limit the segment exceeds, if any
   */
  public Optional<Violation> checkSegment(long sequence, @Nullable String text) {
    if (sequence >= segmentsPerCall) {
      return Optional.of(
          new Violation(
              "sequence",
              "sequence "
                  + sequence
                  + " is beyond the "
                  + segmentsPerCall
                  + " segments a call may have (sequences count from 0)",
              "segments-per-call",
              segmentsPerCall));
    }
    // Cheap test first: a string has at least as many chars as code points.
    if (text != null && text.length() > segmentTextCharacters) {
      int characters = text.codePointCount(0, text.length());
      if (characters > segmentTextCharacters) {
        return Optional.of(
            new Violation(
                "text",
                "text has "
                    + characters
                    + " characters, more than the "
                    + segmentTextCharacters
                    + " a segment may have",
                "segment-text-characters",
                segmentTextCharacters));
      }
    }
    return Optional.empty();
  }

  /**
   * A segment beyond a limit.
   *
   * @param field the segment's field at fault
   * @param reason what is too much, starting with the field's name
   * @param limit the limit's name, the end of its setting
   * @param maximum the limit's value
   */
  public record Violation(String field, String reason, String limit, long maximum) {

    /** The reason and the setting to change, for an answer about this segment alone. */
    public String detail() {
      return reason + " (limit set by " + PREFIX + limit + ")";
    }

    /** The 422 for a request that fails as a whole; {@code where} is {@code segments[i]}. */
    public LimitExceededException at(String where) {
      return LimitExceededException.unprocessable(where + "." + reason, limit, maximum);
    }
  }
}
