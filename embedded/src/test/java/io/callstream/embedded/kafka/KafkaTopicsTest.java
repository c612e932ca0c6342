package io.callstream.embedded.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import io.callstream.core.event.Topic;
import java.util.Map;
import org.apache.kafka.clients.admin.NewTopic;
import org.junit.jupiter.api.Test;

class KafkaTopicsTest {

  @Test
  void shouldCompactOnlyCompactedTopics() {
    for (Topic topic : Topic.values()) {
      NewTopic newTopic = KafkaTopics.newTopic(topic);
      assertThat(newTopic.name()).isEqualTo(topic.topicName());
      assertThat(newTopic.numPartitions()).isEqualTo(topic.partitions());
      assertThat(newTopic.configs())
          .isEqualTo(topic.compacted() ? Map.of("cleanup.policy", "compact") : null);
    }
  }

  @Test
  void shouldLeaveReplicationToTheBroker() {
    assertThat(KafkaTopics.newTopic(Topic.INSIGHTS).replicationFactor()).isEqualTo((short) -1);
  }
}
