package io.callstream.cli.keys;

import io.callstream.cli.ExitCode;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code callstream keys create|list|revoke}: the workspace's API keys (Owner key). */
@Command(
    name = "keys",
    mixinStandardHelpOptions = true,
    description = "Create, list and revoke the workspace's API keys (needs an Owner key).",
    subcommands = {CreateKeyCommand.class, ListKeysCommand.class, RevokeKeyCommand.class})
public final class KeysCommand implements Callable<Integer> {

  @Spec CommandSpec spec;

  @Override
  public Integer call() {
    spec.commandLine().usage(spec.commandLine().getErr());
    return ExitCode.USAGE;
  }
}
