package io.callstream.flink.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import io.callstream.core.cloudevents.CloudEventCodec;
import io.callstream.core.event.EventFixtures;
import io.callstream.core.event.Progress;
import io.callstream.core.event.Topic;
import java.nio.charset.StandardCharsets;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;

class EventSerializerTest {

  @Test
  void shouldWriteAnEventToTheTopicOfItsTypeKeyedByCall() {
    Progress progress = EventFixtures.call().progress(Progress.Stage.RECEIVED, 2, 2, null);
    EventSerializer<Progress> serializer = new EventSerializer<>();
    serializer.open(null, null);

    ProducerRecord<byte[], byte[]> record = serializer.serialize(progress, null, null);

    assertThat(record.topic()).isEqualTo(Topic.PROGRESS.topicName());
    assertThat(new String(record.key(), StandardCharsets.UTF_8)).isEqualTo(progress.callId());
    assertThat(record.headers().lastHeader("ce_source").value())
        .asString(StandardCharsets.UTF_8)
        .isEqualTo("/callstream/flink-jobs");
    assertThat(CloudEventCodec.of("test").decode(EventFixtures.consumed(record, 0)))
        .isEqualTo(progress);
  }
}
