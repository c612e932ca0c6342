package io.callstream.embedded.kafka;

import io.callstream.core.event.Topic;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.KafkaFuture;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.errors.TopicExistsException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Creates callstream's {@link Topic topics} on a Kafka cluster, idempotently: a topic that exists
 * is left as it is. Replication follows the broker's {@code default.replication.factor}, so the
 * same call suits a one-node embedded broker and a real cluster. Stateless and thread-safe.
 */
public final class KafkaTopics {

  private static final Logger LOG = LoggerFactory.getLogger(KafkaTopics.class);
  private static final Duration TIMEOUT = Duration.ofSeconds(60);

  private KafkaTopics() {}

  /**
   * The topic as Kafka's admin client creates it: its partitions, and {@code
   * cleanup.policy=compact} where {@link Topic#compacted()}.
   */
  public static NewTopic newTopic(Topic topic) {
    Objects.requireNonNull(topic, "topic must not be null");
    NewTopic newTopic =
        new NewTopic(topic.topicName(), Optional.of(topic.partitions()), Optional.empty());
    if (topic.compacted()) {
      newTopic.configs(
          Map.of(TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_COMPACT));
    }
    return newTopic;
  }

  /**
   * Creates each of {@code topics} that does not exist yet on the cluster at {@code endpoint}, and
   * waits until the broker has accepted them.
   *
   * @throws IllegalStateException if the cluster refuses a topic or does not answer in time
   */
  public static void create(KafkaEndpoint endpoint, Collection<Topic> topics) {
    Objects.requireNonNull(endpoint, "endpoint must not be null");
    Objects.requireNonNull(topics, "topics must not be null");
    if (topics.isEmpty()) {
      return;
    }
    List<NewTopic> newTopics = topics.stream().distinct().map(KafkaTopics::newTopic).toList();
    try (Admin admin = Admin.create(endpoint.clientProperties())) {
      Map<String, KafkaFuture<Void>> results = admin.createTopics(newTopics).values();
      for (Map.Entry<String, KafkaFuture<Void>> result : results.entrySet()) {
        await(result.getKey(), result.getValue());
      }
    }
  }

  private static void await(String topicName, KafkaFuture<Void> result) {
    try {
      result.get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
      LOG.debug("Created topic {}", topicName);
    } catch (ExecutionException e) {
      if (!(e.getCause() instanceof TopicExistsException)) {
        throw new IllegalStateException("could not create topic " + topicName, e.getCause());
      }
    } catch (TimeoutException e) {
      throw new IllegalStateException(
          "Kafka did not create topic " + topicName + " within " + TIMEOUT, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while creating topic " + topicName, e);
    }
  }
}
