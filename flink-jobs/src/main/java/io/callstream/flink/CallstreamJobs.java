package io.callstream.flink;

import io.callstream.core.event.AudioChunk;
import io.callstream.core.event.CallstreamEvent;
import io.callstream.core.event.Topic;
import io.callstream.core.event.TranscriptSegment;
import io.callstream.flink.kafka.KafkaEndpoints;
import java.time.Duration;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.PipelineOptions;
import org.apache.flink.core.execution.CheckpointingMode;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

/**
 * Entry point of the job jar ({@code flink run}): wires the production Kafka sources and sinks.
 * Reads {@code KAFKA_BOOTSTRAP_SERVERS} and the analysis settings ({@link EnvironmentSettings})
 * from the environment.
 */
public final class CallstreamJobs {

  public static final String CONSUMER_GROUP = "callstream-flink";
  public static final Duration CHECKPOINT_INTERVAL = Duration.ofSeconds(5);

  /** Names the transcription's Kafka writers apart from the analysis's. */
  private static final String TRANSCRIPTION = "transcription";

  private CallstreamJobs() {}

  public static void main(String[] args) throws Exception {
    String bootstrap = System.getenv().getOrDefault("KAFKA_BOOTSTRAP_SERVERS", "localhost:9092");
    StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
    configure(env);
    addJobs(
        env,
        KafkaEndpoints.of(bootstrap, CONSUMER_GROUP),
        EnvironmentSettings.read(System.getenv()));
    env.execute(AnalysisJob.NAME);
  }

  /**
   * Checkpointing as every callstream job runs it: exactly-once, so sinks can commit. Generic types
   * are off: a type that would fall back to Kryo fails the job at submission instead of slowing it
   * down and freezing its state format.
   */
  public static void configure(StreamExecutionEnvironment env) {
    env.enableCheckpointing(CHECKPOINT_INTERVAL.toMillis(), CheckpointingMode.EXACTLY_ONCE);
    Configuration pipeline = new Configuration();
    pipeline.set(PipelineOptions.GENERIC_TYPES, false);
    env.configure(pipeline);
  }

  /**
   * Adds every production job to the environment, reading and writing through {@code kafka}: the
   * analysis, and the transcription that feeds it the segments of audio calls.
   */
  public static void addJobs(
      StreamExecutionEnvironment env, KafkaEndpoints kafka, AnalysisSettings settings) {
    new AnalysisJob(
            kafka.source(Topic.TRANSCRIPT, TranscriptSegment.class),
            kafka.source(Topic.CALLS, CallstreamEvent.class),
            kafka.sink(Topic.INSIGHTS),
            kafka.sink(Topic.PROGRESS),
            kafka.sink(Topic.USAGE),
            settings)
        .addTo(env);
    new TranscriptionJob(
            kafka.source(Topic.AUDIO, AudioChunk.class),
            kafka.sink(Topic.TRANSCRIPT, TRANSCRIPTION),
            kafka.sink(Topic.CALLS, TRANSCRIPTION),
            kafka.sink(Topic.INSIGHTS, TRANSCRIPTION),
            kafka.sink(Topic.PROGRESS, TRANSCRIPTION),
            settings)
        .addTo(env);
  }
}
