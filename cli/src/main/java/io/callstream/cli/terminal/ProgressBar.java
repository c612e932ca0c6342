package io.callstream.cli.terminal;

import java.io.PrintWriter;
import java.util.Objects;
import java.util.function.LongFunction;

/**
 * A progress bar of one task: {@code label [#########-----------] 45% 12.0/27.0 MiB}. On a terminal
 * it redraws one line in place; elsewhere (a pipe, a log, a test) it prints a line at every tenth
 * of the way, so logs stay short. Hand-written rather than a library: a few lines, and it writes to
 * the command's own stream, which tests capture. Thread-safe.
 */
public final class ProgressBar {

  private static final int WIDTH = 30;
  private static final int STEPS = 10;

  private final PrintWriter out;
  private final String label;
  private long total;
  private final LongFunction<String> amount;
  private final boolean interactive;
  private int printedStep = -1;
  private boolean finished;

  private ProgressBar(
      PrintWriter out, String label, long total, LongFunction<String> amount, boolean interactive) {
    this.out = out;
    this.label = label;
    this.total = total;
    this.amount = amount;
    this.interactive = interactive;
  }

  /**
   * A bar of {@code total} units.
   *
   * @param amount how a number of units reads, for example {@link #bytes}
   * @param interactive whether {@code out} is a terminal, where the bar redraws in place
   */
  public static ProgressBar of(
      PrintWriter out, String label, long total, LongFunction<String> amount, boolean interactive) {
    Objects.requireNonNull(out, "out must not be null");
    Objects.requireNonNull(label, "label must not be null");
    Objects.requireNonNull(amount, "amount must not be null");
    if (total < 0) {
      throw new IllegalArgumentException("total must not be negative, was " + total);
    }
    return new ProgressBar(out, label, total, amount, interactive);
  }

  /** Units as a plain count. */
  public static String count(long units) {
    return Long.toString(units);
  }

  /** Units as bytes, in KiB or MiB. */
  public static String bytes(long bytes) {
    if (bytes < 1024 * 1024) {
      return String.format("%.1f KiB", bytes / 1024.0);
    }
    return String.format("%.1f MiB", bytes / (1024.0 * 1024.0));
  }

  /** Shows {@code done} of a total that has grown (or shrunk) to {@code total}. */
  public synchronized void update(long done, long total) {
    if (total < 0) {
      throw new IllegalArgumentException("total must not be negative, was " + total);
    }
    this.total = total;
    update(done);
  }

  /** Shows {@code done} of the total. */
  public synchronized void update(long done) {
    if (finished) {
      return;
    }
    long clamped = Math.max(0, Math.min(done, total));
    int step = total == 0 ? STEPS : (int) (clamped * STEPS / total);
    if (interactive) {
      out.print("\r" + line(clamped));
      out.flush();
    } else if (step > printedStep) {
      printedStep = step;
      out.println(line(clamped));
      out.flush();
    }
  }

  /** Shows the bar full and ends its line. */
  public synchronized void finish() {
    if (finished) {
      return;
    }
    update(total);
    finished = true;
    if (interactive) {
      out.println();
      out.flush();
    }
  }

  /** The bar's text at {@code done}. */
  String line(long done) {
    double fraction = total == 0 ? 1 : (double) done / total;
    int filled = (int) Math.round(fraction * WIDTH);
    return String.format(
        "%-10s [%s%s] %3d%%  %s/%s",
        label,
        "#".repeat(filled),
        "-".repeat(WIDTH - filled),
        (int) Math.floor(fraction * 100),
        amount.apply(done),
        amount.apply(total));
  }
}
