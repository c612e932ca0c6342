package io.callstream.standalone.health;

import java.time.Duration;
import java.util.Map;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.DescribeClusterOptions;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.ReactiveHealthIndicator;
import reactor.core.publisher.Mono;

/** Up when the Kafka cluster answers a describe-cluster request. */
public final class KafkaHealth implements ReactiveHealthIndicator, AutoCloseable {

  private static final Duration TIMEOUT = Duration.ofSeconds(3);

  private final Admin admin;

  public KafkaHealth(String bootstrapServers) {
    this.admin =
        Admin.create(
            Map.of(
                AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG,
                bootstrapServers,
                AdminClientConfig.CLIENT_ID_CONFIG,
                "callstream-health"));
  }

  @Override
  public Mono<Health> health() {
    var cluster =
        admin.describeCluster(new DescribeClusterOptions().timeoutMs((int) TIMEOUT.toMillis()));
    return Mono.fromFuture(cluster.nodes().toCompletionStage().toCompletableFuture())
        .map(nodes -> Health.up().withDetail("brokers", nodes.size()).build())
        .onErrorResume(failure -> Mono.just(Health.down(failure).build()));
  }

  @Override
  public void close() {
    admin.close(Duration.ofSeconds(2));
  }
}
