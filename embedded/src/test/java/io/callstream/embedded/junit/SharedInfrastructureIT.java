package io.callstream.embedded.junit;

import static org.assertj.core.api.Assertions.assertThat;

import io.callstream.embedded.flink.FlinkRunner;
import io.callstream.embedded.kafka.KafkaEndpoint;
import io.callstream.embedded.postgres.PostgresEndpoint;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(SharedInfrastructure.class)
class SharedInfrastructureIT {

  @Test
  void shouldHandOutOneInfrastructurePerJvm(
      Infrastructure infrastructure,
      KafkaEndpoint kafka,
      PostgresEndpoint postgres,
      FlinkRunner flink) {
    assertThat(SharedInfrastructure.infrastructure()).isSameAs(infrastructure);
    assertThat(infrastructure.kafka()).isSameAs(kafka);
    assertThat(infrastructure.postgres()).isSameAs(postgres);
    assertThat(infrastructure.flink()).isSameAs(flink);
    assertThat(infrastructure.mode()).isEqualTo(SharedInfrastructure.mode());
  }
}
