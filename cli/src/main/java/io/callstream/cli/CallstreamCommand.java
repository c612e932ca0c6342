package io.callstream.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * {@code callstream}, the top command: it only holds the subcommands, and without one it shows what
 * they are.
 */
@Command(
    name = "callstream",
    mixinStandardHelpOptions = true,
    version = "callstream 0.1.0",
    description = {
      "Streaming call intelligence: start it, send it calls, watch their mindmaps and insights grow.",
      ""
    },
    footerHeading = "%nEnvironment:%n",
    footer = {
      "  CALLSTREAM_URL         query API (default http://localhost:8080)",
      "  CALLSTREAM_INGEST_URL  ingest (default http://localhost:8081)",
      "  CALLSTREAM_API_KEY     API key (the standalone prints one on its first start)",
      "  CALLSTREAM_WORKSPACE   workspace id (default: the API key's own workspace)",
      "",
      "Run without a command, callstream starts the standalone (callstream up)."
    })
final class CallstreamCommand implements Callable<Integer> {

  @Spec CommandSpec spec;

  @Override
  public Integer call() {
    spec.commandLine().usage(spec.commandLine().getErr());
    return ExitCode.USAGE;
  }
}
