package io.callstream.query.live;

import io.callstream.core.event.Topic;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Where a stream stands: for each partition it has seen, the offset of the next event it would
 * send. A partition it has not seen stands at its start: the scope had no event there when the
 * stream began. This is the SSE {@code id} of every event, for example {@code i3-120.p3-41}, so a
 * client that reconnects with {@code Last-Event-ID} resumes exactly after the last event it got.
 * Immutable.
 */
public final class StreamCursor {

  /** The most partitions an id may name: every partition of every live topic, with room. */
  private static final int MAX_ENTRIES = 1024;

  private static final Map<String, String> CODES =
      Map.of(
          Topic.INSIGHTS.topicName(), "i",
          Topic.PROGRESS.topicName(), "p",
          Topic.TRANSCRIPT.topicName(), "t");
  private static final Map<String, String> TOPICS =
      Map.of(
          "i", Topic.INSIGHTS.topicName(),
          "p", Topic.PROGRESS.topicName(),
          "t", Topic.TRANSCRIPT.topicName());
  private static final Pattern ENTRY = Pattern.compile("([a-z])([0-9]{1,5})-([0-9]{1,18})");

  private static final StreamCursor START = new StreamCursor(new TreeMap<>());

  /** Next offset by "code + partition"; never modified after construction. */
  private final TreeMap<Key, Long> next;

  private StreamCursor(TreeMap<Key, Long> next) {
    this.next = next;
  }

  /** A cursor at the start of every partition. */
  public static StreamCursor start() {
    return START;
  }

  /** A cursor at {@code entries}, and at the start of every other partition. */
  public static StreamCursor of(List<Next> entries) {
    TreeMap<Key, Long> next = new TreeMap<>();
    for (Next entry : entries) {
      next.merge(new Key(entry.topic(), entry.partition()), entry.offset(), Math::max);
    }
    return new StreamCursor(next);
  }

  /**
   * The cursor a {@code Last-Event-ID} names.
   *
   * @throws IllegalArgumentException if it is not an id this API sent
   */
  public static StreamCursor parse(String id) {
    Objects.requireNonNull(id, "id must not be null");
    String[] entries = id.strip().split("\\.", -1);
    if (entries.length > MAX_ENTRIES) {
      throw new IllegalArgumentException("the event id names too many partitions");
    }
    TreeMap<Key, Long> next = new TreeMap<>();
    for (String entry : entries) {
      Matcher matcher = ENTRY.matcher(entry);
      if (!matcher.matches() || !TOPICS.containsKey(matcher.group(1))) {
        throw new IllegalArgumentException(
            "the event id is not one this API sent: expected entries like i3-120 joined by dots");
      }
      Key key = new Key(TOPICS.get(matcher.group(1)), Integer.parseInt(matcher.group(2)));
      if (next.put(key, Long.parseLong(matcher.group(3))) != null) {
        throw new IllegalArgumentException("the event id names a partition twice");
      }
    }
    return new StreamCursor(next);
  }

  /** Whether the event at {@code position} comes after this cursor, so a stream sends it. */
  public boolean admits(EventPosition position) {
    Long stored = next.get(Key.of(position));
    return position.offset() >= (stored == null ? 0 : stored);
  }

  /** This cursor moved past {@code position}; it never moves back. */
  public StreamCursor after(EventPosition position) {
    Key key = Key.of(position);
    Long stored = next.get(key);
    if (stored != null && stored > position.offset()) {
      return this;
    }
    TreeMap<Key, Long> moved = new TreeMap<>(next);
    moved.put(key, position.offset() + 1);
    return new StreamCursor(moved);
  }

  /** Every partition this cursor has moved in, by topic, then partition. */
  public List<Next> entries() {
    List<Next> entries = new ArrayList<>(next.size());
    next.forEach((key, offset) -> entries.add(new Next(key.topic(), key.partition(), offset)));
    return entries;
  }

  /** The id that names this cursor, as {@link #parse} reads it. */
  public String encode() {
    StringBuilder id = new StringBuilder(next.size() * 8);
    next.forEach(
        (key, offset) -> {
          if (!id.isEmpty()) {
            id.append('.');
          }
          String code = CODES.get(key.topic());
          if (code == null) {
            throw new IllegalStateException("no stream code for topic " + key.topic());
          }
          id.append(code).append(key.partition()).append('-').append(offset);
        });
    return id.toString();
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof StreamCursor cursor && next.equals(cursor.next);
  }

  @Override
  public int hashCode() {
    return next.hashCode();
  }

  @Override
  public String toString() {
    return "StreamCursor[" + encode() + "]";
  }

  /**
   * The next offset in one partition of a topic.
   *
   * @param topic the topic's name
   * @param partition the partition
   * @param offset the offset of the next event a stream would send
   */
  public record Next(String topic, int partition, long offset) {

    public Next {
      Objects.requireNonNull(topic, "topic must not be null");
    }
  }

  /** A partition of a topic, ordered by topic name, then partition. */
  private record Key(String topic, int partition) implements Comparable<Key> {

    static Key of(EventPosition position) {
      return new Key(position.topic(), position.partition());
    }

    @Override
    public int compareTo(Key other) {
      int byTopic = topic.compareTo(other.topic);
      return byTopic != 0 ? byTopic : Integer.compare(partition, other.partition);
    }
  }
}
