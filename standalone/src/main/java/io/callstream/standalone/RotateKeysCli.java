package io.callstream.standalone;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code callstream rotate-keys} on the command line; {@link RotateKeysCommand} does the work. */
@Command(
    name = RotateKeysCommand.NAME,
    mixinStandardHelpOptions = true,
    description = {
      "Add a new primary encryption key to one workspace's keyset, or every workspace's, in the"
          + " data directory (no running process needed).",
      "Exits 0 done, 1 a keyset could not be rotated, 2 bad setup."
    })
final class RotateKeysCli implements Callable<Integer> {

  @Spec CommandSpec spec;

  @Option(names = "--workspace", paramLabel = "ID", description = "only this workspace")
  @Nullable String workspace;

  @Override
  public Integer call() {
    List<String> arguments = new ArrayList<>();
    if (workspace != null) {
      arguments.add("--workspace");
      arguments.add(workspace);
    }
    StandaloneConfig config;
    try {
      config = StandaloneConfig.fromEnvironment(System.getenv());
    } catch (StartupException e) {
      System.err.println("callstream: " + e.getMessage());
      return 2;
    }
    return RotateKeysCommand.run(arguments, config, System.out, System.err);
  }
}
