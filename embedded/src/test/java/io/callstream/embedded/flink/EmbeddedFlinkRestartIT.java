package io.callstream.embedded.flink;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.callstream.embedded.PortInUseException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.api.connector.source.util.ratelimit.RateLimiterStrategy;
import org.apache.flink.connector.datagen.source.DataGeneratorSource;
import org.apache.flink.connector.datagen.source.GeneratorFunction;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.runtime.checkpoint.RestoredCheckpointStats;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.functions.sink.v2.DiscardingSink;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Restarts need MiniClusters of their own, apart from the shared one. */
@Timeout(value = 2, unit = TimeUnit.MINUTES)
class EmbeddedFlinkRestartIT {

  private static final String JOB = "numbers";

  @TempDir Path dataDirectory;

  @Test
  void shouldResumeAJobFromItsLatestCheckpointAfterRestart() throws Exception {
    Path retained;
    try (EmbeddedFlink flink = start(false)) {
      flink.submit(JOB, new EndlessNumbers());
      retained = await(() -> flink.latestCheckpoint(JOB), "a completed checkpoint");
    }
    assertThat(retained).startsWith(dataDirectory);

    try (EmbeddedFlink flink = start(true)) {
      Path latest = flink.latestCheckpoint(JOB).orElseThrow();
      assertThat(latest.resolve("_metadata")).exists();
      JobClient job = flink.submit(JOB, new EndlessNumbers());
      RestoredCheckpointStats restored =
          await(
              () -> {
                try {
                  return Optional.ofNullable(
                      flink
                          .miniCluster()
                          .getExecutionGraph(job.getJobID())
                          .get()
                          .getCheckpointStatsSnapshot()
                          .getLatestRestoredCheckpoint());
                } catch (Exception e) {
                  return Optional.empty();
                }
              },
              "a restore");
      assertThat(Path.of(java.net.URI.create(restored.getExternalPath())).normalize())
          .isEqualTo(latest.normalize());
      job.cancel().get(30, TimeUnit.SECONDS);
    }
  }

  @Test
  void shouldNameThePortAndTheSettingWhenTheRestPortIsTaken() throws Exception {
    try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getByName("localhost"))) {
      int port = taken.getLocalPort();
      assertThatThrownBy(() -> EmbeddedFlink.builder(dataDirectory).restPort(port).start())
          .isInstanceOf(PortInUseException.class)
          .hasMessage(
              "Flink REST port "
                  + port
                  + " is already in use: set callstream.flink.rest-port to a free port, or to 0 to"
                  + " pick one");
    }
  }

  private EmbeddedFlink start(boolean resume) {
    return EmbeddedFlink.builder(dataDirectory)
        .slots(1)
        .checkpointInterval(Duration.ofMillis(100))
        .resumeFromLatestCheckpoint(resume)
        .start();
  }

  private static <T> T await(Supplier<Optional<T>> probe, String what) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    while (System.nanoTime() < deadline) {
      Optional<T> value = probe.get();
      if (value.isPresent()) {
        return value.get();
      }
      Thread.sleep(50);
    }
    throw new AssertionError("no " + what + " within 60 s");
  }

  /** An endless, slow stream of numbers into a discarding sink: a job that checkpoints. */
  static final class EndlessNumbers implements Consumer<StreamExecutionEnvironment> {
    @Override
    public void accept(StreamExecutionEnvironment environment) {
      environment
          .fromSource(
              new DataGeneratorSource<>(
                  new Identity(), Long.MAX_VALUE, RateLimiterStrategy.perSecond(20), Types.LONG),
              WatermarkStrategy.noWatermarks(),
              "numbers")
          .uid("numbers")
          .sinkTo(new DiscardingSink<>())
          .uid("discard");
    }
  }

  /** The n-th number is n. */
  static final class Identity implements GeneratorFunction<Long, Long> {
    private static final long serialVersionUID = 1L;

    @Override
    public Long map(Long index) {
      return index;
    }
  }
}
