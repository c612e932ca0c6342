package io.callstream.cli.keys;

import io.callstream.cli.ExitCode;
import io.callstream.cli.http.ApiClient;
import io.callstream.cli.http.ApiOptions;
import io.callstream.cli.http.Paths;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;
import tools.jackson.databind.JsonNode;

/** {@code callstream keys list}: every key of the workspace, never a secret. */
@Command(
    name = "list",
    mixinStandardHelpOptions = true,
    description = "List the workspace's API keys, revoked ones too.")
final class ListKeysCommand implements Callable<Integer> {

  @Spec CommandSpec spec;

  @Mixin ApiOptions options = new ApiOptions();

  @Override
  public Integer call() {
    ApiClient api = ApiClient.of(options);
    JsonNode keys =
        api.sendForJson(
            api.timedRequest(Paths.workspace(options.url(), api.workspace(), "api-keys"))
                .GET()
                .build());
    PrintWriter out = spec.commandLine().getOut();
    out.printf("%-14s %-8s %-22s %s%n", "ID", "ROLE", "STATE", "NAME");
    for (JsonNode key : keys) {
      String revoked = ApiClient.text(key, "revokedAt");
      out.printf(
          "%-14s %-8s %-22s %s%n",
          ApiClient.text(key, "id"),
          ApiClient.text(key, "role"),
          revoked == null
              ? "active"
              : "revoked " + revoked.substring(0, Math.min(10, revoked.length())),
          ApiClient.text(key, "name"));
    }
    return ExitCode.OK;
  }
}
