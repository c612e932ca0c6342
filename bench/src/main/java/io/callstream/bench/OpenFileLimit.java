package io.callstream.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.OptionalLong;

/**
 * This process's limit of open files (the soft one, {@code ulimit -n}): every socket counts, so it
 * caps how many streams one process can serve or hold. Child processes inherit it.
 */
final class OpenFileLimit {

  private OpenFileLimit() {}

  /**
   * The soft limit, from {@code /proc/self/limits}; empty where there is none or it is unlimited.
   */
  static OptionalLong soft() {
    try {
      for (String line : Files.readAllLines(Path.of("/proc/self/limits"))) {
        if (line.startsWith("Max open files")) {
          String[] columns = line.substring("Max open files".length()).trim().split("\\s+");
          return columns[0].equals("unlimited")
              ? OptionalLong.empty()
              : OptionalLong.of(Long.parseLong(columns[0]));
        }
      }
    } catch (IOException | RuntimeException e) {
      return OptionalLong.empty();
    }
    return OptionalLong.empty();
  }
}
