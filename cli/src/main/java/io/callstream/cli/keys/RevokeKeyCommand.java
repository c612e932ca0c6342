package io.callstream.cli.keys;

import io.callstream.cli.ExitCode;
import io.callstream.cli.http.ApiClient;
import io.callstream.cli.http.ApiOptions;
import io.callstream.cli.http.Paths;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code callstream keys revoke KEY_ID}: the key is refused from its next request on. */
@Command(
    name = "revoke",
    mixinStandardHelpOptions = true,
    description = "Revoke an API key by its id (the cs_<id>_ prefix of its token).")
final class RevokeKeyCommand implements Callable<Integer> {

  @Spec CommandSpec spec;

  @Mixin ApiOptions options = new ApiOptions();

  @Parameters(index = "0", paramLabel = "KEY_ID", description = "the key's id")
  String keyId = "";

  @Override
  public Integer call() {
    ApiClient api = ApiClient.of(options);
    api.sendForJson(
        api.timedRequest(Paths.workspace(options.url(), api.workspace(), "api-keys", keyId))
            .DELETE()
            .build());
    spec.commandLine().getOut().println("revoked   " + keyId);
    return ExitCode.OK;
  }
}
