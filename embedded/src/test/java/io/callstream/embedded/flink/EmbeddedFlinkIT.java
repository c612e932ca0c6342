package io.callstream.embedded.flink;

import static org.assertj.core.api.Assertions.assertThat;

import io.callstream.embedded.junit.SharedInfrastructure;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.flink.api.common.JobStatus;
import org.apache.flink.api.common.functions.MapFunction;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.util.CloseableIterator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(SharedInfrastructure.class)
@Timeout(value = 2, unit = TimeUnit.MINUTES)
class EmbeddedFlinkIT {

  private static final HttpClient HTTP = HttpClient.newHttpClient();

  @Test
  void shouldRunAPipelineWithCheckpointingOnTheMiniCluster(FlinkRunner flink) throws Exception {
    AtomicReference<CloseableIterator<Integer>> results = new AtomicReference<>();
    JobClient job =
        flink.submit(
            "double-numbers",
            environment -> {
              environment.enableCheckpointing(1000);
              results.set(environment.fromData(1, 2, 3).map(new Doubler()).collectAsync());
            });

    assertThat(drain(results.get())).containsExactlyInAnyOrder(2, 4, 6);
    job.getJobExecutionResult().get(1, TimeUnit.MINUTES);
    assertThat(job.getJobStatus().get()).isEqualTo(JobStatus.FINISHED);
    assertThat(get(flink.restAddress(), "/jobs/" + job.getJobID() + "/checkpoints/config"))
        .contains("\"mode\":\"exactly_once\"")
        .contains("\"interval\":1000");
  }

  @Test
  void shouldServeTheRestApiAndTheWebUi(FlinkRunner flink) throws Exception {
    assertThat(get(flink.restAddress(), "/overview"))
        .contains("\"taskmanagers\":1")
        .contains("\"flink-version\":\"2.2.1\"");
    assertThat(get(flink.restAddress(), "/")).containsIgnoringCase("<html");
  }

  @Test
  void shouldRunAPipelineThroughTheRestEndpointWithTheRemoteRunner(FlinkRunner flink)
      throws Exception {
    // The MiniCluster is a real cluster behind its REST endpoint; the job's classes are already on
    // its class path, so no jar needs shipping.
    RemoteFlink remote = RemoteFlink.of(flink.restAddress(), List.of());
    AtomicReference<CloseableIterator<Integer>> results = new AtomicReference<>();
    JobClient job =
        remote.submit(
            "double-numbers-remotely",
            environment ->
                results.set(environment.fromData(5, 6).map(new Doubler()).collectAsync()));

    assertThat(drain(results.get())).containsExactlyInAnyOrder(10, 12);
    job.getJobExecutionResult().get(1, TimeUnit.MINUTES);
  }

  private static List<Integer> drain(CloseableIterator<Integer> iterator) throws Exception {
    List<Integer> values = new ArrayList<>();
    try (iterator) {
      iterator.forEachRemaining(values::add);
    }
    return values;
  }

  private static String get(URI restAddress, String path) throws IOException, InterruptedException {
    HttpResponse<String> response =
        HTTP.send(
            HttpRequest.newBuilder(restAddress.resolve(path)).GET().build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(response.statusCode()).as("GET %s", path).isEqualTo(200);
    return response.body();
  }

  /** Doubles a number. */
  static final class Doubler implements MapFunction<Integer, Integer> {
    private static final long serialVersionUID = 1L;

    @Override
    public Integer map(Integer value) {
      return value * 2;
    }
  }
}
