package io.callstream.embedded.flink;

import java.net.URI;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.function.Consumer;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

/**
 * A {@link FlinkRunner} for a running Flink cluster (a session cluster's JobManager), reached
 * through its REST endpoint. The jar files must hold the job's classes and everything they need
 * that the cluster lacks, for example the callstream {@code flink-jobs} jar with its connectors.
 * Immutable and thread-safe.
 */
public final class RemoteFlink implements FlinkRunner {

  private final URI restAddress;
  private final List<Path> jarFiles;
  private final Configuration clientConfiguration;

  private RemoteFlink(URI restAddress, List<Path> jarFiles, Configuration clientConfiguration) {
    this.restAddress = restAddress;
    this.jarFiles = jarFiles;
    this.clientConfiguration = clientConfiguration;
  }

  /**
   * A runner for the cluster whose REST endpoint is {@code restAddress}, for example {@code
   * http://jobmanager:8081}, shipping {@code jarFiles} with every job.
   */
  public static RemoteFlink of(URI restAddress, List<Path> jarFiles) {
    return of(restAddress, jarFiles, new Configuration());
  }

  /**
   * As {@link #of(URI, List)}, with client and job settings (checkpointing, parallelism, and so on)
   * that every job submitted through this runner starts from.
   */
  public static RemoteFlink of(
      URI restAddress, List<Path> jarFiles, Configuration clientConfiguration) {
    Objects.requireNonNull(restAddress, "restAddress must not be null");
    Objects.requireNonNull(jarFiles, "jarFiles must not be null");
    Objects.requireNonNull(clientConfiguration, "clientConfiguration must not be null");
    if (restAddress.getHost() == null || restAddress.getPort() < 1) {
      throw new IllegalArgumentException(
          "restAddress must name a host and a port, like http://jobmanager:8081, was "
              + restAddress);
    }
    return new RemoteFlink(
        restAddress, List.copyOf(jarFiles), new Configuration(clientConfiguration));
  }

  @Override
  public JobClient submit(String jobName, Consumer<StreamExecutionEnvironment> pipeline) {
    EmbeddedFlink.requireJobName(jobName);
    Objects.requireNonNull(pipeline, "pipeline must not be null");
    String[] jars =
        jarFiles.stream().map(jar -> jar.toAbsolutePath().toString()).toArray(String[]::new);
    StreamExecutionEnvironment environment =
        StreamExecutionEnvironment.createRemoteEnvironment(
            restAddress.getHost(),
            restAddress.getPort(),
            new Configuration(clientConfiguration),
            jars);
    pipeline.accept(environment);
    try {
      return environment.executeAsync(jobName);
    } catch (Exception e) {
      throw new IllegalStateException(
          "could not submit Flink job '" + jobName + "' to " + restAddress, e);
    }
  }

  @Override
  public URI restAddress() {
    return restAddress;
  }

  @Override
  public String toString() {
    return "RemoteFlink[" + restAddress + ", " + jarFiles + "]";
  }
}
