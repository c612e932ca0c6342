package io.callstream.cli.keys;

import io.callstream.cli.ExitCode;
import io.callstream.cli.http.ApiClient;
import io.callstream.cli.http.ApiOptions;
import io.callstream.cli.http.Paths;
import java.io.PrintWriter;
import java.net.http.HttpRequest;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import tools.jackson.databind.JsonNode;

/** {@code callstream keys create}: a new API key, whose token is printed this once only. */
@Command(
    name = "create",
    mixinStandardHelpOptions = true,
    description = "Create an API key; its token is shown once.")
final class CreateKeyCommand implements Callable<Integer> {

  /** The roles a key may have, lowest first. */
  enum Role {
    member,
    manager,
    owner
  }

  @Spec CommandSpec spec;

  @Mixin ApiOptions options = new ApiOptions();

  @Option(
      names = "--name",
      required = true,
      paramLabel = "NAME",
      description = "what the key is for")
  String name = "";

  @Option(
      names = "--role",
      paramLabel = "ROLE",
      defaultValue = "member",
      description = "${COMPLETION-CANDIDATES} (default ${DEFAULT-VALUE}; at most your own)")
  Role role = Role.member;

  @Option(
      names = "--expires-at",
      paramLabel = "INSTANT",
      description = "when it stops working, e.g. 2030-01-01T00:00:00Z (default: never)")
  @Nullable Instant expiresAt;

  @Override
  public Integer call() {
    ApiClient api = ApiClient.of(options);
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("name", name);
    body.put("role", role.name());
    if (expiresAt != null) {
      body.put("expiresAt", expiresAt.toString());
    }
    HttpRequest request =
        api.timedRequest(Paths.workspace(options.url(), api.workspace(), "api-keys"))
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(api.json().writeValueAsString(body)))
            .build();
    JsonNode created = api.sendForJson(request);
    PrintWriter out = spec.commandLine().getOut();
    out.println("id        " + ApiClient.text(created, "id"));
    out.println("name      " + ApiClient.text(created, "name"));
    out.println("role      " + ApiClient.text(created, "role"));
    out.println("token     " + ApiClient.text(created, "token"));
    spec.commandLine().getErr().println("(the token is shown once: keep it)");
    return ExitCode.OK;
  }
}
