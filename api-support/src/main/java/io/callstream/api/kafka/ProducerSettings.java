package io.callstream.api.kafka;

import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import org.apache.kafka.clients.producer.ProducerConfig;

/**
 * The producer settings every service uses: idempotent and {@code acks=all}, so retries never
 * duplicate a record, and bounded by one timeout, both how long {@code send()} may block (for
 * metadata or buffer space) and how long a record may wait for its acknowledgement.
 *
 * <p>Stateless and thread-safe.
 */
public final class ProducerSettings {

  /** How long a record waits for others to share its batch; a timeout must be longer. */
  public static final int LINGER_MS = 5;

  private static final int MAX_REQUEST_TIMEOUT_MS = 15_000;

  private ProducerSettings() {}

  /**
   * The settings of a producer of {@code clientId} on {@code bootstrapServers}, bounded by {@code
   * timeout} (longer than {@link #LINGER_MS}); callers may add their own to a copy.
   */
  public static Map<String, Object> reliable(
      String bootstrapServers, Duration timeout, String clientId) {
    Objects.requireNonNull(timeout, "timeout must not be null");
    int timeoutMs = Math.toIntExact(timeout.toMillis());
    return Map.of(
        ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
        bootstrapServers,
        ProducerConfig.ACKS_CONFIG,
        "all",
        ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG,
        true,
        ProducerConfig.MAX_BLOCK_MS_CONFIG,
        (long) timeoutMs,
        // Kafka requires delivery.timeout.ms >= linger.ms + request.timeout.ms.
        ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG,
        timeoutMs,
        ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG,
        Math.min(MAX_REQUEST_TIMEOUT_MS, timeoutMs - LINGER_MS),
        ProducerConfig.LINGER_MS_CONFIG,
        LINGER_MS,
        ProducerConfig.CLIENT_ID_CONFIG,
        clientId);
  }
}
