package io.callstream.ingest.transcript.format;

import java.util.OptionalLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The time notations of the text formats, to milliseconds. Minutes and seconds after an hour field
 * are two digits below 60; hours have at most nine digits, so no value overflows.
 */
final class Timestamps {

  /** WebVTT: {@code hh:mm:ss.ttt} or {@code mm:ss.ttt}, hours at least two digits. */
  private static final Pattern WEBVTT =
      Pattern.compile("(?:(\\d{2,9}):)?([0-5]\\d):([0-5]\\d)\\.(\\d{3})");

  /** SRT: {@code hh:mm:ss,ttt}; a full stop instead of the comma is common enough to accept. */
  private static final Pattern SRT =
      Pattern.compile("(\\d{1,9}):([0-5]\\d):([0-5]\\d)[,.](\\d{3})");

  /** Plain text: {@code hh:mm:ss} or {@code mm:ss}, where minutes may pass 59 when alone. */
  private static final Pattern CLOCK =
      Pattern.compile("(?:(\\d{1,9}):([0-5]\\d)|(\\d{1,9})):([0-5]\\d)");

  private Timestamps() {}

  static OptionalLong webVtt(String value) {
    Matcher m = WEBVTT.matcher(value);
    if (!m.matches()) {
      return OptionalLong.empty();
    }
    long hours = m.group(1) == null ? 0 : Long.parseLong(m.group(1));
    return OptionalLong.of(
        millis(hours, Long.parseLong(m.group(2)), Long.parseLong(m.group(3)), m.group(4)));
  }

  static OptionalLong srt(String value) {
    Matcher m = SRT.matcher(value);
    if (!m.matches()) {
      return OptionalLong.empty();
    }
    return OptionalLong.of(
        millis(
            Long.parseLong(m.group(1)),
            Long.parseLong(m.group(2)),
            Long.parseLong(m.group(3)),
            m.group(4)));
  }

  static OptionalLong clock(String value) {
    Matcher m = CLOCK.matcher(value);
    if (!m.matches()) {
      return OptionalLong.empty();
    }
    long seconds = Long.parseLong(m.group(4));
    if (m.group(3) != null) {
      return OptionalLong.of(millis(0, Long.parseLong(m.group(3)), seconds, "000"));
    }
    return OptionalLong.of(
        millis(Long.parseLong(m.group(1)), Long.parseLong(m.group(2)), seconds, "000"));
  }

  private static long millis(long hours, long minutes, long seconds, String thousandths) {
    return ((hours * 60 + minutes) * 60 + seconds) * 1000 + Long.parseLong(thousandths);
  }
}
