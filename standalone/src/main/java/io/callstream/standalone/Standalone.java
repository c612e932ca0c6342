package io.callstream.standalone;

import java.io.PrintStream;
import java.util.List;
import java.util.concurrent.CountDownLatch;

/**
 * {@code main} of the standalone process: starts everything, prints where to find it and a
 * bootstrap credential, and runs until Ctrl-C. A configuration problem ends it with one line on
 * stderr and exit code 2. With a command as its first argument ({@code rotate-keys}) it runs that
 * instead and exits.
 */
public final class Standalone {

  private Standalone() {}

  public static void main(String[] args) throws InterruptedException {
    if (args.length > 0) {
      System.exit(command(List.of(args)));
      return;
    }
    StandaloneProcess process;
    try {
      process = StandaloneProcess.start(StandaloneConfig.fromEnvironment(System.getenv()));
    } catch (StartupException e) {
      System.err.println("callstream: " + e.getMessage());
      System.exit(2);
      return;
    }
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  System.out.println("callstream: stopping");
                  process.close();
                  stopped.countDown();
                },
                "callstream-shutdown"));
    printBanner(process, System.out);
    stopped.await();
  }

  private static int command(List<String> args) {
    if (!args.get(0).equals(RotateKeysCommand.NAME)) {
      System.err.println(
          "callstream: unknown command '"
              + args.get(0)
              + "': run without arguments to start, or "
              + RotateKeysCommand.NAME);
      return 2;
    }
    StandaloneConfig config;
    try {
      config = StandaloneConfig.fromEnvironment(System.getenv());
    } catch (StartupException e) {
      System.err.println("callstream: " + e.getMessage());
      return 2;
    }
    return RotateKeysCommand.run(args.subList(1, args.size()), config, System.out, System.err);
  }

  static void printBanner(StandaloneProcess process, PrintStream out) {
    var workspace = process.workspace();
    out.println();
    out.println("callstream is up");
    out.println("  query API   " + process.queryUrl());
    out.println("  ingest      " + process.ingestUrl());
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
