package io.callstream.standalone.health;

import org.apache.flink.api.common.JobStatus;
import org.apache.flink.core.execution.JobClient;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.ReactiveHealthIndicator;
import reactor.core.publisher.Mono;

/** Up while the Flink job runs; its status otherwise. */
public final class FlinkJobHealth implements ReactiveHealthIndicator {

  private final JobClient job;
  private final String restAddress;

  public FlinkJobHealth(JobClient job, String restAddress) {
    this.job = job;
    this.restAddress = restAddress;
  }

  @Override
  public Mono<Health> health() {
    return Mono.fromFuture(job.getJobStatus())
        .map(
            status ->
                (status == JobStatus.RUNNING ? Health.up() : Health.down())
                    .withDetail("job", job.getJobID().toHexString())
                    .withDetail("status", status.name())
                    .withDetail("ui", restAddress)
                    .build())
        .onErrorResume(failure -> Mono.just(Health.down(failure).build()));
  }
}
