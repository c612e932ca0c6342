package io.callstream.standalone;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.callstream.embedded.Ports;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Bad configuration stops start-up with one line that says what is wrong and how to fix it. */
class BadConfigurationIT {

  @TempDir Path data;

  @Test
  void shouldNameTheTakenPortAndItsSetting() throws Exception {
    try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getByName("localhost"))) {
      Map<String, String> env = env();
      env.put("CALLSTREAM_QUERY_PORT", Integer.toString(taken.getLocalPort()));

      assertThatThrownBy(() -> StandaloneProcess.start(StandaloneConfig.fromEnvironment(env)))
          .isInstanceOf(StartupException.class)
          .hasMessageContaining("port " + taken.getLocalPort())
          .hasMessageContaining("CALLSTREAM_QUERY_PORT")
          .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\n"));
    }
  }

  @Test
  void shouldExplainAnUnreadableMasterKeyFile() throws Exception {
    Files.createDirectories(data.resolve("keys/master.keyset.json"));

    assertThatThrownBy(() -> StandaloneProcess.start(StandaloneConfig.fromEnvironment(env())))
        .isInstanceOf(StartupException.class)
        .hasMessageContaining("master.keyset.json")
        .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\n"));
  }

  @Test
  void shouldNameAnUnknownAnalyzerBeforeStartingAnything() {
    Map<String, String> env = env();
    env.put("CALLSTREAM_ANALYZER", "gpt");

    assertThatThrownBy(() -> StandaloneProcess.start(StandaloneConfig.fromEnvironment(env)))
        .isInstanceOf(StartupException.class)
        .hasMessageContaining("CALLSTREAM_ANALYZER 'gpt' must be local or openai")
        .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\n"));
    assertThat(data.resolve("postgres")).as("nothing was started").doesNotExist();
  }

  @Test
  void shouldAskForTheOpenAiKeyWhenTheOpenAiAnalyzerIsChosen() {
    Map<String, String> env = env();
    env.put("CALLSTREAM_ANALYZER", "openai");

    assertThatThrownBy(() -> StandaloneProcess.start(StandaloneConfig.fromEnvironment(env)))
        .isInstanceOf(StartupException.class)
        .hasMessageContaining("OPENAI_API_KEY must be set");
  }

  @Test
  void shouldRejectADatabaseUrlThatIsNotPostgres() {
    Map<String, String> env = env();
    env.put("DATABASE_URL", "mysql://root:hunter2@localhost/calls");

    assertThatThrownBy(() -> StandaloneConfig.fromEnvironment(env))
        .isInstanceOf(StartupException.class)
        .hasMessageContaining("DATABASE_URL")
        .hasMessageContaining("expected postgresql://")
        .satisfies(e -> assertThat(e.getMessage()).doesNotContain("hunter2").doesNotContain("\n"));
  }

  @Test
  void shouldSayWhenTheDatabaseCannotBeReached() {
    Map<String, String> env = env();
    env.put(
        "DATABASE_URL",
        "postgresql://callstream:secret@localhost:" + Ports.freePort("localhost") + "/callstream");

    assertThatThrownBy(() -> StandaloneProcess.start(StandaloneConfig.fromEnvironment(env)))
        .isInstanceOf(StartupException.class)
        .hasMessageContaining("cannot connect to PostgreSQL")
        .hasMessageContaining("DATABASE_URL")
        .satisfies(e -> assertThat(e.getMessage()).doesNotContain("secret").doesNotContain("\n"));
  }

  @Test
  void shouldPrintOneLineAndExitWithCode2() throws Exception {
    Map<String, String> env = env();
    env.put("DATABASE_URL", "not a url");
    try (StandaloneChild child = StandaloneChild.start(env)) {
      assertThat(child.awaitExit(Duration.ofMinutes(1))).contains(2);
      assertThat(child.stderr())
          .as(child.output())
          .singleElement()
          .satisfies(line -> assertThat(line).startsWith("callstream: DATABASE_URL"));
    }
  }

  private Map<String, String> env() {
    Map<String, String> env = new HashMap<>();
    env.put("CALLSTREAM_DATA_DIR", data.toString());
    env.put("CALLSTREAM_QUERY_PORT", "0");
    env.put("CALLSTREAM_INGEST_PORT", "0");
    env.put("CALLSTREAM_KAFKA_PORT", "0");
    env.put("CALLSTREAM_POSTGRES_PORT", "0");
    env.put("CALLSTREAM_FLINK_PORT", "0");
    return env;
  }
}
