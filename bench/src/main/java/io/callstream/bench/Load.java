package io.callstream.bench;

import java.lang.management.ManagementFactory;

/** The machine's load, printed beside figures measured on a shared machine. */
final class Load {

  private Load() {}

  /** The system load average of the last minute, or -1 where the platform has none. */
  static double average() {
    return ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
  }
}
