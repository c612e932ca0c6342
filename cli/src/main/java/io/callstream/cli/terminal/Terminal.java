package io.callstream.cli.terminal;

import java.io.Console;
import java.lang.reflect.Method;

/** Whether the process writes to a terminal, where progress bars may redraw in place. */
public final class Terminal {

  private Terminal() {}

  /**
   * True when standard output is a terminal. Java 22 returns a console even when output is
   * redirected and added {@code Console.isTerminal()} to tell; it is asked where it exists.
   */
  public static boolean interactive() {
    Console console = System.console();
    if (console == null || "dumb".equals(System.getenv("TERM"))) {
      return false;
    }
    try {
      Method isTerminal = Console.class.getMethod("isTerminal");
      return Boolean.TRUE.equals(isTerminal.invoke(console));
    } catch (ReflectiveOperationException e) {
      return true; // before Java 22 a console exists only on a terminal
    }
  }
}
