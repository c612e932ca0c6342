package io.callstream.bench;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.jspecify.annotations.Nullable;

/**
 * What {@link SseFanOutBenchmark} writes at the end of each insight's text, so a subscriber in
 * another process can tell which event it got and how long it took: {@code [seq 12 sent
 * 1723456789012345]}, the event's sequence number and the wall-clock time it was sent, in
 * microseconds since the epoch. It survives encryption, storage and the JSON view unchanged
 * (digits, letters and spaces need no escaping). Immutable.
 *
 * @param seq the event's sequence number
 * @param sentMicros when it was sent, in microseconds since the epoch
 */
record SendStamp(long seq, long sentMicros) {

  private static final byte[] OPEN = "[seq ".getBytes(StandardCharsets.US_ASCII);
  private static final byte[] SENT = " sent ".getBytes(StandardCharsets.US_ASCII);

  SendStamp {
    if (seq < 0 || sentMicros < 0) {
      throw new IllegalArgumentException(
          "seq and sentMicros must not be negative, were " + seq + " and " + sentMicros);
    }
  }

  /** The wall clock in microseconds since the epoch: comparable between processes of a host. */
  static long nowMicros() {
    Instant now = Instant.now();
    return now.getEpochSecond() * 1_000_000 + now.getNano() / 1_000;
  }

  /** {@code text} with this stamp appended. */
  String appendTo(String text) {
    return text + " [seq " + seq + " sent " + sentMicros + "]";
  }

  /**
   * The stamp in the first {@code length} bytes of {@code line}, or null if there is none. Scans
   * bytes, since it runs for every delivery on the subscribers' event loops.
   */
  static @Nullable SendStamp find(byte[] line, int length) {
    int at = indexOf(line, length, OPEN, 0);
    if (at < 0) {
      return null;
    }
    int seqStart = at + OPEN.length;
    int seqEnd = digitsEnd(line, length, seqStart);
    if (seqEnd == seqStart || !matchesAt(line, length, SENT, seqEnd)) {
      return null;
    }
    int sentStart = seqEnd + SENT.length;
    int sentEnd = digitsEnd(line, length, sentStart);
    if (sentEnd == sentStart || sentEnd >= length || line[sentEnd] != ']') {
      return null;
    }
    return new SendStamp(number(line, seqStart, seqEnd), number(line, sentStart, sentEnd));
  }

  private static int indexOf(byte[] line, int length, byte[] part, int from) {
    for (int i = from; i + part.length <= length; i++) {
      if (matchesAt(line, length, part, i)) {
        return i;
      }
    }
    return -1;
  }

  private static boolean matchesAt(byte[] line, int length, byte[] part, int at) {
    if (at + part.length > length) {
      return false;
    }
    for (int j = 0; j < part.length; j++) {
      if (line[at + j] != part[j]) {
        return false;
      }
    }
    return true;
  }

  private static int digitsEnd(byte[] line, int length, int from) {
    int i = from;
    // at most 18 digits, so the number fits a long
    while (i < length && i - from < 18 && line[i] >= '0' && line[i] <= '9') {
      i++;
    }
    return i;
  }

  private static long number(byte[] line, int from, int to) {
    long value = 0;
    for (int i = from; i < to; i++) {
      value = value * 10 + (line[i] - '0');
    }
    return value;
  }
}
