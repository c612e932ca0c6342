package io.callstream.ingest.transcript.format;

import java.nio.charset.StandardCharsets;
import java.util.Objects;
import java.util.SplittableRandom;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * A property over byte strings, checked the property-based way: inputs drawn from a generator on a
 * seeded random source, and the first input that fails shrunk (by cutting out chunks while it still
 * fails the same way) before it is reported with the seed that reproduces the run.
 *
 * <p>The seed is new on every run, so runs keep exploring; {@code -Dcallstream.property.seed=N}
 * replays one. Not thread-safe.
 */
final class ByteProperty {

  /** Whatever the shrinking, it stops after this many checks: a report must come quickly. */
  private static final int SHRINK_BUDGET = 5_000;

  private static final int SHOWN_BYTES = 600;

  private final String name;
  private final Function<SplittableRandom, byte[]> generator;

  private ByteProperty(String name, Function<SplittableRandom, byte[]> generator) {
    this.name = name;
    this.generator = generator;
  }

  /** A property named {@code name} over the inputs of {@code generator}. */
  static ByteProperty forAll(String name, Function<SplittableRandom, byte[]> generator) {
    return new ByteProperty(name, generator);
  }

  /** Checks {@code tries} inputs; throws an {@link AssertionError} on the first that fails. */
  void check(int tries, Consumer<byte[]> property) {
    long seed = Long.getLong("callstream.property.seed", System.nanoTime());
    SplittableRandom random = new SplittableRandom(seed);
    for (int attempt = 1; attempt <= tries; attempt++) {
      byte[] input = generator.apply(random.split());
      Throwable failure = failure(property, input);
      if (failure != null) {
        byte[] shrunk = shrink(input, failure.getClass(), property);
        Throwable shrunkFailure = Objects.requireNonNull(failure(property, shrunk));
        throw new AssertionError(
            String.format(
                "%s failed on try %d of %d (seed %d: rerun with -Dcallstream.property.seed=%d)"
                    + " with %s%nshrunk from %d to %d bytes: %s",
                name,
                attempt,
                tries,
                seed,
                seed,
                shrunkFailure,
                input.length,
                shrunk.length,
                shown(shrunk)),
            shrunkFailure);
      }
    }
  }

  private static Throwable failure(Consumer<byte[]> property, byte[] input) {
    try {
      property.accept(input);
      return null;
    } catch (Throwable failure) {
      return failure;
    }
  }

  /** Cuts out ever smaller chunks while the input still fails with the same kind of error. */
  private static byte[] shrink(
      byte[] input, Class<? extends Throwable> kind, Consumer<byte[]> property) {
    byte[] current = input;
    int budget = SHRINK_BUDGET;
    for (int chunk = Math.max(1, current.length / 2); chunk >= 1 && budget > 0; chunk /= 2) {
      int start = 0;
      while (start < current.length && budget-- > 0) {
        int end = Math.min(current.length, start + chunk);
        byte[] candidate = new byte[current.length - (end - start)];
        System.arraycopy(current, 0, candidate, 0, start);
        System.arraycopy(current, end, candidate, start, current.length - end);
        Throwable failure = failure(property, candidate);
        if (failure != null && kind.isInstance(failure)) {
          current = candidate;
        } else {
          start = end;
        }
      }
    }
    return current;
  }

  /** The bytes as Java string escapes, ASCII shown as is, cut short if long. */
  private static String shown(byte[] bytes) {
    StringBuilder shown = new StringBuilder("\"");
    String text =
        new String(bytes, 0, Math.min(bytes.length, SHOWN_BYTES), StandardCharsets.ISO_8859_1);
    for (char c : text.toCharArray()) {
      if (c == '\n') {
        shown.append("\\n");
      } else if (c == '\r') {
        shown.append("\\r");
      } else if (c == '\t') {
        shown.append("\\t");
      } else if (c == '"' || c == '\\') {
        shown.append('\\').append(c);
      } else if (c < 0x20 || c > 0x7E) {
        shown.append(String.format("\\x%02X", (int) c));
      } else {
        shown.append(c);
      }
    }
    return shown.append(bytes.length > SHOWN_BYTES ? "\"..." : "\"").toString();
  }
}
