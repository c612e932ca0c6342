package io.callstream.embedded.kafka;

import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import org.apache.kafka.clients.CommonClientConfigs;

/**
 * Where Kafka clients connect: the bootstrap servers of a broker, embedded or not. Immutable and
 * thread-safe.
 *
 * @param bootstrapServers {@code host:port[,host:port...]}
 */
public record KafkaEndpoint(String bootstrapServers) {

  public KafkaEndpoint {
    Objects.requireNonNull(bootstrapServers, "bootstrapServers must not be null");
    if (bootstrapServers.isBlank()) {
      throw new IllegalArgumentException("bootstrapServers must not be blank");
    }
  }

  /** An endpoint for {@code bootstrapServers}. */
  public static KafkaEndpoint of(String bootstrapServers) {
    return new KafkaEndpoint(bootstrapServers);
  }

  /**
   * The client properties every producer, consumer and admin client needs to reach this endpoint,
   * as a mutable copy to add to.
   */
  public Map<String, Object> clientProperties() {
    return new HashMap<>(Map.of(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers));
  }
}
