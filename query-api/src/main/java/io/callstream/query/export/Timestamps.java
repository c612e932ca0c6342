package io.callstream.query.export;

import io.callstream.core.result.Citation;
import java.util.List;
import java.util.OptionalLong;

/** Call offsets as people read them ({@code 12:34}, {@code 1:02:03}). */
final class Timestamps {

  private Timestamps() {}

  /** {@code m:ss}-style clock for an offset in milliseconds; hours only when there are some. */
  static String clock(long offsetMs) {
    long seconds = offsetMs / 1000;
    long hours = seconds / 3600;
    long minutes = seconds / 60 % 60;
    long secs = seconds % 60;
    return hours > 0
        ? String.format("%d:%02d:%02d", hours, minutes, secs)
        : String.format("%02d:%02d", minutes, secs);
  }

  /** Start of the earliest citation, when there is one. */
  static OptionalLong firstStart(List<Citation> citations) {
    return citations.stream().mapToLong(Citation::startMs).min();
  }

  /** {@code " [12:34]"} for the earliest citation, or the empty string when nothing is cited. */
  static String suffix(List<Citation> citations) {
    OptionalLong start = firstStart(citations);
    return start.isPresent() ? " [" + clock(start.getAsLong()) + "]" : "";
  }
}
