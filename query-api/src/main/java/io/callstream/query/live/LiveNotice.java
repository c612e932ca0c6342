package io.callstream.query.live;

import java.util.Objects;

/**
 * What a committed transaction tells every instance over PostgreSQL {@code NOTIFY}: a workspace has
 * new live events in a range of offsets of one partition. The events stay in {@code live_events}; a
 * notification carries no content, so its 8000-byte limit never matters. Immutable.
 *
 * @param workspaceId the workspace
 * @param topic the topic
 * @param partition the partition
 * @param fromOffset the first new offset
 * @param toOffset the last new offset, inclusive
 */
record LiveNotice(String workspaceId, String topic, int partition, long fromOffset, long toOffset) {

  /** The channel every instance listens on. */
  static final String CHANNEL = "callstream_live";

  LiveNotice {
    Objects.requireNonNull(workspaceId, "workspaceId must not be null");
    Objects.requireNonNull(topic, "topic must not be null");
    if (partition < 0 || fromOffset < 0 || toOffset < fromOffset) {
      throw new IllegalArgumentException(
          "partition and offsets must not be negative and must not run backwards, were "
              + partition
              + ", "
              + fromOffset
              + " to "
              + toOffset);
    }
  }

  /** The range that covers this notice and {@code other}, of the same workspace and partition. */
  LiveNotice span(LiveNotice other) {
    return new LiveNotice(
        workspaceId,
        topic,
        partition,
        Math.min(fromOffset, other.fromOffset),
        Math.max(toOffset, other.toOffset));
  }

  /** The notification payload; the workspace id comes last, so it may hold any character. */
  String encode() {
    return topic + "|" + partition + "|" + fromOffset + "|" + toOffset + "|" + workspaceId;
  }

  /**
   * The notice {@link #encode} wrote.
   *
   * @throws IllegalArgumentException if {@code payload} is not one
   */
  static LiveNotice parse(String payload) {
    String[] parts = payload.split("\\|", 5);
    if (parts.length != 5) {
      throw new IllegalArgumentException("not a live notice: " + payload);
    }
    try {
      return new LiveNotice(
          parts[4],
          parts[0],
          Integer.parseInt(parts[1]),
          Long.parseLong(parts[2]),
          Long.parseLong(parts[3]));
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("not a live notice: " + payload, e);
    }
  }
}
