package io.callstream.flink.testing;

import io.callstream.core.event.CallstreamEvent;
import io.callstream.core.event.Topic;
import io.callstream.core.event.TranscriptSegment;
import io.callstream.embedded.flink.FlinkRunner;
import io.callstream.embedded.kafka.KafkaEndpoint;
import io.callstream.flink.AnalysisJob;
import io.callstream.flink.AnalysisSettings;
import io.callstream.flink.CallstreamJobs;
import io.callstream.flink.kafka.KafkaEndpoints;
import java.time.Instant;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.apache.flink.core.execution.JobClient;

/**
 * One run of the analysis job on the shared Kafka broker and MiniCluster, reading only what was
 * written after it began (the topics are shared by every test of the JVM), with a consumer group
 * and transactional ids of its own.
 */
public final class AnalysisRun implements AutoCloseable {

  private final String id;
  private final JobClient job;

  private AnalysisRun(String id, JobClient job) {
    this.id = id;
    this.job = job;
  }

  public static AnalysisRun start(
      FlinkRunner flink, KafkaEndpoint kafka, AnalysisSettings settings) {
    String id = UUID.randomUUID().toString().substring(0, 8);
    KafkaEndpoints endpoints =
        KafkaEndpoints.of(kafka.bootstrapServers(), "analysis-it-" + id)
            .from(Instant.now().minusSeconds(1));
    JobClient job =
        flink.submit(
            AnalysisJob.NAME + " " + id,
            env -> {
              CallstreamJobs.configure(env);
              new AnalysisJob(
                      endpoints.source(Topic.TRANSCRIPT, TranscriptSegment.class),
                      endpoints.source(Topic.CALLS, CallstreamEvent.class),
                      endpoints.sink(Topic.INSIGHTS),
                      endpoints.sink(Topic.PROGRESS),
                      endpoints.sink(Topic.USAGE),
                      settings)
                  .addTo(env);
            });
    return new AnalysisRun(id, job);
  }

  /** A prefix for the workspace and call ids of this run. */
  public String id() {
    return id;
  }

  public JobClient job() {
    return job;
  }

  @Override
  public void close() throws Exception {
    job.cancel().get(1, TimeUnit.MINUTES);
  }
}
