package io.callstream.standalone;

import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;

/**
 * {@code callstream up} (also {@code callstream} alone): starts the standalone, prints its banner
 * and runs until Ctrl-C. A configuration problem ends it with one line on stderr and exit code 2.
 */
@Command(
    name = "up",
    mixinStandardHelpOptions = true,
    description = {
      "Start callstream on this machine: Kafka, Flink, PostgreSQL, ingest and the query API in"
          + " one process, until Ctrl-C.",
      "Prints the URLs, the workspace and, on the first start, a one-time Owner API key."
    })
final class UpCommand implements Callable<Integer> {

  private volatile boolean stopping;

  @Override
  public Integer call() throws InterruptedException {
    StandaloneProcess process;
    try {
      process = StandaloneProcess.start(StandaloneConfig.fromEnvironment(System.getenv()));
    } catch (StartupException e) {
      System.err.println("callstream: " + e.getMessage());
      return 2;
    }
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  stopping = true;
                  System.out.println("callstream: stopping");
                  process.close();
                  stopped.countDown();
                },
                "callstream-shutdown"));
    Standalone.printBanner(process, System.out);
    stopped.await();
    return 0;
  }

  /** Whether the JVM is shutting down (Ctrl-C): then nobody may call {@code System.exit}. */
  boolean stopping() {
    return stopping;
  }
}
