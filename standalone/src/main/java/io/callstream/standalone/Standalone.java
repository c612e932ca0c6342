package io.callstream.standalone;

import java.io.PrintStream;
import java.util.concurrent.CountDownLatch;

/**
 * {@code main} of the standalone process: starts everything, prints where to find it and a
 * bootstrap credential, and runs until Ctrl-C. A configuration problem ends it with one line on
 * stderr and exit code 2.
 */
public final class Standalone {

  private Standalone() {}

  public static void main(String[] args) throws InterruptedException {
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
