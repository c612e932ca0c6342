package io.callstream.standalone;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

/**
 * Finds any of many secret strings (as UTF-8 bytes) in large byte arrays and files: each needle is
 * looked up by its first 8 bytes in one pass over the haystack, so hundreds of sentences cost about
 * as much as one. Not thread-safe.
 */
final class LeakScanner {

  /** Where a needle was found. */
  record Leak(String needle, String where) {}

  private static final int ANCHOR = Long.BYTES;
  private static final int FILTER_BITS = 1 << 22;

  private final Map<Long, List<byte[]>> byAnchor = new HashMap<>();
  private final Map<byte[], String> labels = new HashMap<>();
  private final BitSet filter = new BitSet(FILTER_BITS);

  private LeakScanner(Set<String> needles) {
    for (String needle : needles) {
      byte[] bytes = needle.getBytes(StandardCharsets.UTF_8);
      if (bytes.length < ANCHOR) {
        throw new IllegalArgumentException("needle too short to scan for: " + needle);
      }
      long anchor = anchorAt(bytes, 0);
      byAnchor.computeIfAbsent(anchor, a -> new ArrayList<>()).add(bytes);
      labels.put(bytes, needle);
      filter.set(bucket(anchor));
    }
  }

  /** A scanner for {@code needles}, each at least 8 bytes of UTF-8. */
  static LeakScanner of(Set<String> needles) {
    return new LeakScanner(new LinkedHashSet<>(needles));
  }

  /** The needles found in {@code haystack}, each once, named as found {@code where}. */
  List<Leak> scan(byte[] haystack, String where) {
    Set<String> found = new LinkedHashSet<>();
    long window = 0;
    for (int i = 0; i < haystack.length; i++) {
      window = (window << 8) | (haystack[i] & 0xff);
      int start = i - ANCHOR + 1;
      if (start < 0 || !filter.get(bucket(window))) {
        continue;
      }
      List<byte[]> candidates = byAnchor.get(window);
      if (candidates == null) {
        continue;
      }
      for (byte[] needle : candidates) {
        if (matchesAt(haystack, start, needle)) {
          found.add(labels.get(needle));
        }
      }
    }
    return found.stream().map(needle -> new Leak(needle, where)).toList();
  }

  /** The needles found in {@code text}. */
  List<Leak> scan(String text, String where) {
    return scan(text.getBytes(StandardCharsets.UTF_8), where);
  }

  /** The needles found in every regular file under {@code directory}. */
  List<Leak> scanTree(Path directory) {
    List<Leak> leaks = new ArrayList<>();
    try (Stream<Path> files = Files.walk(directory)) {
      for (Path file : files.filter(Files::isRegularFile).toList()) {
        byte[] content;
        try {
          content = Files.readAllBytes(file);
        } catch (IOException e) {
          continue; // removed while walking (a temporary file of a running part)
        }
        leaks.addAll(scan(content, directory.relativize(file).toString()));
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return leaks;
  }

  private static boolean matchesAt(byte[] haystack, int start, byte[] needle) {
    if (start + needle.length > haystack.length) {
      return false;
    }
    for (int j = ANCHOR; j < needle.length; j++) {
      if (haystack[start + j] != needle[j]) {
        return false;
      }
    }
    return true;
  }

  private static long anchorAt(byte[] bytes, int start) {
    long anchor = 0;
    for (int i = start; i < start + ANCHOR; i++) {
      anchor = (anchor << 8) | (bytes[i] & 0xff);
    }
    return anchor;
  }

  private static int bucket(long anchor) {
    return (int) ((anchor ^ (anchor >>> 23) ^ (anchor >>> 41)) & (FILTER_BITS - 1));
  }
}
