package io.callstream.flink;

import io.callstream.core.event.Topic;
import io.callstream.core.event.TranscriptSegment;
import io.callstream.flink.kafka.KafkaEndpoints;
import java.time.Duration;
import org.apache.flink.core.execution.CheckpointingMode;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

/**
 * Entry point of the job jar ({@code flink run}): wires the production Kafka sources and sinks.
 * Reads {@code KAFKA_BOOTSTRAP_SERVERS} from the environment.
 */
public final class CallstreamJobs {

  public static final String CONSUMER_GROUP = "callstream-flink";
  public static final Duration CHECKPOINT_INTERVAL = Duration.ofSeconds(5);

  private CallstreamJobs() {}

  public static void main(String[] args) throws Exception {
    String bootstrap = System.getenv().getOrDefault("KAFKA_BOOTSTRAP_SERVERS", "localhost:9092");
    StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
    configure(env);
    addJobs(env, KafkaEndpoints.of(bootstrap, CONSUMER_GROUP));
    env.execute(TranscriptProgressJob.NAME);
  }

  /** Checkpointing as every callstream job runs it: exactly-once, so sinks can commit. */
  public static void configure(StreamExecutionEnvironment env) {
    env.enableCheckpointing(CHECKPOINT_INTERVAL.toMillis(), CheckpointingMode.EXACTLY_ONCE);
  }

  /** Adds every production job to the environment, reading and writing through {@code kafka}. */
  public static void addJobs(StreamExecutionEnvironment env, KafkaEndpoints kafka) {
    new TranscriptProgressJob(
            kafka.source(Topic.TRANSCRIPT, TranscriptSegment.class), kafka.sink(Topic.PROGRESS))
        .addTo(env);
  }
}
