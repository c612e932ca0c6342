package io.callstream.bench;

import java.lang.management.ManagementFactory;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.management.JMException;
import javax.management.ObjectName;

/**
 * The live heap of this JVM by class, as {@code jcmd <pid> GC.class_histogram} prints it (the same
 * HotSpot diagnostic command, called over JMX), so a benchmark can say what its heap growth is made
 * of. Taking one collects the heap first. Immutable.
 */
final class ClassHistogram {

  private static final Pattern ROW =
      Pattern.compile("^\\s*\\d+:\\s+(\\d+)\\s+(\\d+)\\s+(\\S+).*$", Pattern.MULTILINE);

  /** Instances and bytes of one class. */
  private record Row(long instances, long bytes) {

    Row plus(Row other) {
      return new Row(instances + other.instances, bytes + other.bytes);
    }
  }

  private static final Row NONE = new Row(0, 0);

  private final Map<String, Row> byClass;

  private ClassHistogram(Map<String, Row> byClass) {
    this.byClass = byClass;
  }

  /** The live heap now, after a full collection. */
  static ClassHistogram take() {
    String histogram;
    try {
      histogram =
          (String)
              ManagementFactory.getPlatformMBeanServer()
                  .invoke(
                      new ObjectName("com.sun.management:type=DiagnosticCommand"),
                      "gcClassHistogram",
                      new Object[] {new String[0]},
                      new String[] {String[].class.getName()});
    } catch (JMException e) {
      throw new IllegalStateException("this JVM has no class histogram command", e);
    }
    Map<String, Row> byClass = new HashMap<>();
    Matcher row = ROW.matcher(histogram);
    while (row.find()) {
      byClass.merge(
          row.group(3),
          new Row(Long.parseLong(row.group(1)), Long.parseLong(row.group(2))),
          Row::plus);
    }
    return new ClassHistogram(Map.copyOf(byClass));
  }

  /**
   * A class and how many more instances and bytes it has than before.
   *
   * @param className the class, as the JVM names it ({@code [B} is {@code byte[]})
   * @param instances the growth in instances
   * @param bytes the growth in bytes
   */
  record Growth(String className, long instances, long bytes) {}

  /** The {@code top} classes whose instances grew most since {@code before}, most first. */
  List<Growth> growthSince(ClassHistogram before, int top) {
    return byClass.entrySet().stream()
        .map(
            entry -> {
              Row was = before.byClass.getOrDefault(entry.getKey(), NONE);
              return new Growth(
                  entry.getKey(),
                  entry.getValue().instances() - was.instances(),
                  entry.getValue().bytes() - was.bytes());
            })
        .sorted(Comparator.comparingLong(Growth::bytes).reversed())
        .limit(top)
        .toList();
  }
}
