package io.callstream.standalone;

import io.callstream.api.config.DatabaseUrl;
import java.net.URI;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * What the standalone process runs on, read from environment variables (see the README's
 * configuration table). A null external address means: run that part embedded.
 *
 * @param dataDirectory where Kafka logs, PostgreSQL, Flink checkpoints and keys live
 * @param kafkaBootstrapServers an external Kafka, or null for the embedded broker
 * @param databaseUrl an external PostgreSQL, or null for the embedded server
 * @param flinkRestAddress an external Flink cluster, or null for the embedded MiniCluster
 * @param flinkJobJar the job jar shipped to an external Flink cluster
 * @param masterKey the master key URI that wraps the workspace keysets
 * @param queryPort the query API port, also home of the health URL
 * @param ingestPort the ingest port
 * @param kafkaPort the embedded broker's port (0 picks a free one)
 * @param postgresPort the embedded PostgreSQL port (0 picks a free one)
 * @param flinkPort the embedded MiniCluster's REST port (0 picks a free one)
 * @param environment every environment variable, for the parts that read their own (the analysis
 *     settings of the Flink job)
 */
public record StandaloneConfig(
    Path dataDirectory,
    @Nullable String kafkaBootstrapServers,
    @Nullable DatabaseUrl databaseUrl,
    @Nullable URI flinkRestAddress,
    Path flinkJobJar,
    String masterKey,
    int queryPort,
    int ingestPort,
    int kafkaPort,
    int postgresPort,
    int flinkPort,
    Map<String, String> environment) {

  public StandaloneConfig {
    environment = Map.copyOf(environment);
  }

  /** Without the environment, which holds secrets such as {@code OPENAI_API_KEY}. */
  @Override
  public String toString() {
    return "StandaloneConfig[data="
        + dataDirectory
        + ", kafka="
        + (kafkaBootstrapServers == null ? "embedded" : kafkaBootstrapServers)
        + ", postgres="
        + (databaseUrl == null ? "embedded" : "external")
        + ", flink="
        + (flinkRestAddress == null ? "embedded" : flinkRestAddress)
        + ", ports="
        + List.of(queryPort, ingestPort, kafkaPort, postgresPort, flinkPort)
        + "]";
  }

  public static StandaloneConfig fromEnvironment(Map<String, String> env) {
    Path data = Path.of(env.getOrDefault("CALLSTREAM_DATA_DIR", "data")).toAbsolutePath();
    String databaseUrl = blankToNull(env.get("DATABASE_URL"));
    String flink = blankToNull(env.get("FLINK_REST_ADDRESS"));
    return new StandaloneConfig(
        data,
        blankToNull(env.get("KAFKA_BOOTSTRAP_SERVERS")),
        databaseUrl == null ? null : parseDatabaseUrl(databaseUrl),
        flink == null ? null : flinkAddress(flink),
        Path.of(
            env.getOrDefault(
                "FLINK_JOB_JAR", "flink-jobs/target/callstream-flink-jobs-0.1.0-SNAPSHOT-job.jar")),
        env.getOrDefault(
            "CALLSTREAM_MASTER_KEY", "file:" + data.resolve("keys/master.keyset.json")),
        port(env, "CALLSTREAM_QUERY_PORT", 8080),
        port(env, "CALLSTREAM_INGEST_PORT", 8081),
        port(env, "CALLSTREAM_KAFKA_PORT", 9092),
        port(env, "CALLSTREAM_POSTGRES_PORT", 5433),
        port(env, "CALLSTREAM_FLINK_PORT", 8082),
        env);
  }

  public Path keysetDirectory() {
    return dataDirectory.resolve("keys/workspaces");
  }

  private static DatabaseUrl parseDatabaseUrl(String value) {
    try {
      return DatabaseUrl.parse(value);
    } catch (IllegalArgumentException e) {
      throw new StartupException(e.getMessage());
    }
  }

  private static URI flinkAddress(String value) {
    URI uri = URI.create(value.contains("://") ? value : "http://" + value);
    if (uri.getHost() == null || uri.getPort() < 1) {
      throw new StartupException(
          "FLINK_REST_ADDRESS '"
              + value
              + "' must be host:port of a Flink REST endpoint, like jobmanager:8081");
    }
    return uri;
  }

  private static int port(Map<String, String> env, String name, int fallback) {
    String value = env.get(name);
    if (value == null || value.isBlank()) {
      return fallback;
    }
    try {
      int port = Integer.parseInt(value.trim());
      if (port < 0 || port > 65535) {
        throw new NumberFormatException();
      }
      return port;
    } catch (NumberFormatException e) {
      throw new StartupException(
          name + " '" + value + "' is not a port: use a number from 0 to 65535");
    }
  }

  private static @Nullable String blankToNull(@Nullable String value) {
    return value == null || value.isBlank() ? null : value.trim();
  }
}
