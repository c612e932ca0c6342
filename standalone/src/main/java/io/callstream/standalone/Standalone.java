package io.callstream.standalone;

import io.callstream.cli.Cli;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.List;
import picocli.CommandLine;

/**
 * {@code main} of the {@code callstream} launcher: the command line of the {@code cli} module
 * ({@code ingest}, {@code watch}, {@code export}, {@code keys}) with the commands that run here on
 * embedded infrastructure, {@code up} (the default: starts everything, prints where to find it and
 * a bootstrap credential, runs until Ctrl-C) and {@code rotate-keys}.
 */
public final class Standalone {

  private Standalone() {}

  public static void main(String[] args) {
    UpCommand up = new UpCommand();
    int exitCode =
        Cli.execute(
            commandLine(up),
            new PrintWriter(System.out, true, StandardCharsets.UTF_8),
            new PrintWriter(System.err, true, StandardCharsets.UTF_8),
            args.length == 0 ? new String[] {"up"} : args);
    // After Ctrl-C the JVM is already shutting down: System.exit would wait forever for it.
    if (!up.stopping()) {
      System.exit(exitCode);
    }
  }

  /** The whole command line: {@code up} and {@code rotate-keys} beside the client commands. */
  static CommandLine commandLine(UpCommand up) {
    return Cli.commandLine(List.of(up, new RotateKeysCli()));
  }

  static void printBanner(StandaloneProcess process, PrintStream out) {
    var workspace = process.workspace();
    out.println();
    out.println("callstream is up");
    out.println("  query API   " + process.queryUrl());
    out.println("  ingest      " + process.ingestUrl());
    out.println("  dashboard   " + process.queryUrl().resolve("/dashboard/"));
    out.println("  health      " + process.healthUrl());
    out.println("  Flink UI    " + process.flinkUi());
    out.println("  Kafka       " + process.bootstrapServers());
    out.println("  workspace   " + workspace.workspaceId());
    if (workspace.ownerKey() != null) {
      out.println("  owner key   " + workspace.ownerKey() + "   (shown once: keep it)");
    } else {
      out.println("  owner key   (shown on the first start)");
    }
    out.println("Press Ctrl-C to stop.");
    out.flush();
  }
}
