package io.callstream.api.config;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * How a process that embeds a callstream service (the standalone process, tests, benchmarks)
 * configures it: the same variables a deployment sets, passed as command-line arguments so they
 * outrank the service's own configuration file.
 *
 * @param port the HTTP port, 0 for a free one
 * @param databaseUrl a {@link DatabaseUrl} in any accepted form, credentials included: the role the
 *     service connects as
 * @param kafkaBootstrapServers the Kafka cluster
 * @param masterKey the master key URI
 * @param keysetDirectory where the workspace keysets live
 * @param databaseMigrationUrl the database's owner, which migrates it; null to migrate as {@code
 *     databaseUrl}
 */
public record ServiceSettings(
    int port,
    String databaseUrl,
    String kafkaBootstrapServers,
    String masterKey,
    Path keysetDirectory,
    @Nullable String databaseMigrationUrl) {

  /** Settings that migrate as the role the service connects as. */
  public ServiceSettings(
      int port,
      String databaseUrl,
      String kafkaBootstrapServers,
      String masterKey,
      Path keysetDirectory) {
    this(port, databaseUrl, kafkaBootstrapServers, masterKey, keysetDirectory, null);
  }

  /** The settings as {@code --name=value} arguments, plus {@code extra} properties. */
  public String[] arguments(Map<String, Object> extra) {
    Map<String, Object> properties = new LinkedHashMap<>();
    properties.put("server.port", port);
    properties.put("DATABASE_URL", databaseUrl);
    if (databaseMigrationUrl != null) {
      properties.put("DATABASE_MIGRATION_URL", databaseMigrationUrl);
    }
    properties.put("KAFKA_BOOTSTRAP_SERVERS", kafkaBootstrapServers);
    properties.put("CALLSTREAM_MASTER_KEY", masterKey);
    properties.put("CALLSTREAM_KEYSET_DIR", keysetDirectory.toString());
    properties.put("spring.main.banner-mode", "off");
    properties.put("spring.main.log-startup-info", "false");
    // The embedding process closes the service itself, before Kafka and PostgreSQL go away.
    properties.put("spring.main.register-shutdown-hook", "false");
    properties.putAll(extra);
    List<String> arguments = new ArrayList<>(properties.size());
    properties.forEach((name, value) -> arguments.add("--" + name + "=" + value));
    return arguments.toArray(String[]::new);
  }
}
