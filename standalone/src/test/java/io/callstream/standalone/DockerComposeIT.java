package io.callstream.standalone;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * No Docker engine runs on the build machines, so the production topology is checked as far as it
 * can be here: the compose client validates {@code docker-compose.yml}.
 */
class DockerComposeIT {

  private static final Path COMPOSE_FILE =
      Path.of(System.getProperty("callstream.repo.dir"), "docker-compose.yml");

  @Test
  void shouldBeAValidComposeFile() throws Exception {
    Result result =
        compose(
            Map.of(
                "POSTGRES_PASSWORD", "test-only",
                "POSTGRES_APP_PASSWORD", "test-only-too",
                "CALLSTREAM_MASTER_KEY", "gcp-kms://x"));

    assertThat(result.exitCode()).as(result.output()).isZero();
  }

  @Test
  void shouldRefuseToRunWithoutItsSecrets() throws Exception {
    Result result = compose(Map.of());

    assertThat(result.exitCode()).isNotZero();
    assertThat(result.output()).contains("POSTGRES_PASSWORD");
  }

  private static Result compose(Map<String, String> env) throws IOException, InterruptedException {
    List<String> command = new ArrayList<>(composeCommand());
    command.addAll(List.of("-f", COMPOSE_FILE.toString(), "config", "-q"));
    ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
    builder.environment().remove("POSTGRES_PASSWORD");
    builder.environment().remove("POSTGRES_APP_PASSWORD");
    builder.environment().remove("CALLSTREAM_MASTER_KEY");
    builder.environment().putAll(env);
    Process process = builder.start();
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(process.waitFor(1, TimeUnit.MINUTES)).isTrue();
    return new Result(process.exitValue(), output);
  }

  /** {@code docker compose} (v2 plugin) where it exists, else Debian's {@code docker-compose}. */
  private static List<String> composeCommand() throws IOException, InterruptedException {
    try {
      Process plugin =
          new ProcessBuilder("docker", "compose", "version").redirectErrorStream(true).start();
      plugin.getInputStream().readAllBytes();
      if (plugin.waitFor() == 0) {
        return List.of("docker", "compose");
      }
    } catch (IOException noDockerClient) {
      // fall through to docker-compose
    }
    return List.of("docker-compose");
  }

  private record Result(int exitCode, String output) {}
}
