package io.callstream.bench;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;

/**
 * Heap this process really holds: the least heap in use after a few full collections asked for with
 * {@link System#gc()}. Approximate: the JVM may ignore the request, and whatever other threads
 * allocate meanwhile counts.
 */
final class HeapAfterGc {

  private static final int COLLECTIONS = 3;

  private HeapAfterGc() {}

  /** Bytes of heap in use after collecting. Blocks for the collections. */
  static long usedBytes() {
    MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
    long least = Long.MAX_VALUE;
    for (int i = 0; i < COLLECTIONS; i++) {
      System.gc();
      least = Math.min(least, memory.getHeapMemoryUsage().getUsed());
    }
    return least;
  }
}
