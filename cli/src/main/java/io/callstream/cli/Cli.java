package io.callstream.cli;

import io.callstream.cli.export.ExportCommand;
import io.callstream.cli.ingest.IngestCommand;
import io.callstream.cli.keys.KeysCommand;
import io.callstream.cli.watch.WatchCommand;
import java.io.PrintWriter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import picocli.CommandLine;
import picocli.CommandLine.ParseResult;

/**
 * Builds the {@code callstream} command line: the client commands of this module ({@code ingest},
 * {@code watch}, {@code export}, {@code keys}) beside the commands a launcher adds that need more
 * than HTTP (the standalone adds {@code up} and {@code rotate-keys}). Failures become one line on
 * stderr and an {@link ExitCode}.
 */
public final class Cli {

  private Cli() {}

  /**
   * The command line, with {@code localCommands} (picocli {@code @Command} objects) listed first.
   */
  public static CommandLine commandLine(List<Object> localCommands) {
    Objects.requireNonNull(localCommands, "localCommands must not be null");
    CommandLine commandLine = new CommandLine(new CallstreamCommand());
    for (Object command : localCommands) {
      commandLine.addSubcommand(command);
    }
    commandLine.addSubcommand(new IngestCommand());
    commandLine.addSubcommand(new WatchCommand());
    commandLine.addSubcommand(new ExportCommand());
    commandLine.addSubcommand(new KeysCommand());
    commandLine.setExecutionExceptionHandler(Cli::report);
    Map<String, String> exitCodes = exitCodes();
    commandLine
        .getCommandSpec()
        .usageMessage()
        .exitCodeListHeading("%nExit codes:%n")
        .exitCodeList(exitCodes);
    return commandLine;
  }

  /** Runs {@code args} with output to {@code out} and {@code err}; the exit code. */
  public static int execute(
      CommandLine commandLine, PrintWriter out, PrintWriter err, String... args) {
    commandLine.setOut(out);
    commandLine.setErr(err);
    try {
      return commandLine.execute(args);
    } finally {
      out.flush();
      err.flush();
    }
  }

  private static int report(Exception failure, CommandLine commandLine, ParseResult parsed) {
    PrintWriter err = commandLine.getErr();
    if (failure instanceof CliException known) {
      err.println("callstream: " + known.getMessage());
      if (known.exitCode() == ExitCode.USAGE) {
        err.println("(see: " + commandLine.getCommandSpec().qualifiedName() + " --help)");
      }
      err.flush();
      return known.exitCode();
    }
    err.println("callstream: " + failure);
    err.flush();
    return ExitCode.API_ERROR;
  }

  private static Map<String, String> exitCodes() {
    Map<String, String> codes = new LinkedHashMap<>();
    for (String line : ExitCode.HELP) {
      String[] parts = line.split(":", 2);
      codes.put(String.format("%3s", parts[0]), parts[1]);
    }
    return codes;
  }
}
