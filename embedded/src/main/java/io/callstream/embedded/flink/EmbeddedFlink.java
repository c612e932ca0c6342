package io.callstream.embedded.flink;

import io.callstream.embedded.PortInUseException;
import io.callstream.embedded.Ports;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.BindException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.apache.flink.configuration.CheckpointingOptions;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.CoreOptions;
import org.apache.flink.configuration.ExternalizedCheckpointRetention;
import org.apache.flink.configuration.RestOptions;
import org.apache.flink.configuration.StateRecoveryOptions;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.core.execution.RecoveryClaimMode;
import org.apache.flink.runtime.minicluster.MiniCluster;
import org.apache.flink.runtime.minicluster.MiniClusterConfiguration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.util.MiniClusterPipelineExecutorServiceLoader;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A Flink MiniCluster in this JVM (one JobManager, one TaskManager) with the REST endpoint and web
 * UI on a chosen port, and a {@link FlinkRunner} that runs jobs on it.
 *
 * <p>Checkpoints go to {@code <dataDirectory>/flink/checkpoints/<job name>/<job id>/chk-<n>} and
 * are kept when a job is cancelled or the cluster stops, so a restart can find a job's latest one
 * ({@link #latestCheckpoint(String)}) and, when {@link Builder#resumeFromLatestCheckpoint(boolean)
 * asked to}, resume the job from it. Jobs run through Flink's own {@link
 * MiniClusterPipelineExecutorServiceLoader}, as {@code TestStreamEnvironment} does: the job graph
 * goes straight to this cluster, with classes from this JVM's class path.
 *
 * <p>Thread-safe; {@link #close()} stops the cluster (running jobs are suspended, not cancelled)
 * and may be called more than once.
 */
public final class EmbeddedFlink implements FlinkRunner, AutoCloseable {

  /** The setting that chooses the REST (and web UI) port, named when the port is taken. */
  public static final String REST_PORT_SETTING = "callstream.flink.rest-port";

  private static final Logger LOG = LoggerFactory.getLogger(EmbeddedFlink.class);
  private static final String HOST = "localhost";
  private static final String METADATA_FILE = "_metadata";

  private final MiniCluster miniCluster;
  private final URI restAddress;
  private final Path checkpointsRoot;
  private final Configuration jobDefaults;
  private final boolean resumeFromLatestCheckpoint;
  private final AtomicBoolean closed = new AtomicBoolean();

  private EmbeddedFlink(
      MiniCluster miniCluster,
      URI restAddress,
      Path checkpointsRoot,
      Configuration jobDefaults,
      boolean resumeFromLatestCheckpoint) {
    this.miniCluster = miniCluster;
    this.restAddress = restAddress;
    this.checkpointsRoot = checkpointsRoot;
    this.jobDefaults = jobDefaults;
    this.resumeFromLatestCheckpoint = resumeFromLatestCheckpoint;
  }

  /**
   * A builder for a MiniCluster that keeps checkpoints and savepoints under {@code dataDirectory}.
   */
  public static Builder builder(Path dataDirectory) {
    return new Builder(dataDirectory);
  }

  /**
   * Builds a job on an environment bound to this MiniCluster and submits it. The environment starts
   * from this cluster's job defaults: parallelism, checkpoint storage under the data directory,
   * retained checkpoints, the checkpoint interval if one was set, and the latest checkpoint of a
   * job of the same name if resuming was asked for.
   */
  @Override
  public JobClient submit(String jobName, Consumer<StreamExecutionEnvironment> pipeline) {
    requireJobName(jobName);
    Objects.requireNonNull(pipeline, "pipeline must not be null");
    requireOpen();
    Configuration configuration = new Configuration(jobDefaults);
    configuration.set(
        CheckpointingOptions.CHECKPOINTS_DIRECTORY,
        checkpointDirectory(jobName).toUri().toString());
    if (resumeFromLatestCheckpoint) {
      latestCheckpoint(jobName)
          .ifPresent(
              checkpoint -> {
                LOG.info("Resuming Flink job '{}' from {}", jobName, checkpoint);
                configuration.set(StateRecoveryOptions.SAVEPOINT_PATH, checkpoint.toString());
                // The new run owns the checkpoint and deletes it once a newer one subsumes it,
                // so restarts do not pile up retained checkpoints.
                configuration.set(StateRecoveryOptions.RESTORE_MODE, RecoveryClaimMode.CLAIM);
              });
    }
    MiniClusterPipelineExecutorServiceLoader.updateConfigurationForMiniCluster(
        configuration, List.of(), List.of());
    StreamExecutionEnvironment environment =
        new StreamExecutionEnvironment(
            new MiniClusterPipelineExecutorServiceLoader(miniCluster),
            configuration,
            Thread.currentThread().getContextClassLoader());
    pipeline.accept(environment);
    try {
      return environment.executeAsync(jobName);
    } catch (Exception e) {
      throw new IllegalStateException("could not submit Flink job '" + jobName + "'", e);
    }
  }

  @Override
  public URI restAddress() {
    return restAddress;
  }

  /** The directory under which checkpoints of jobs named {@code jobName} are written. */
  public Path checkpointDirectory(String jobName) {
    requireJobName(jobName);
    return checkpointsRoot.resolve(directoryName(jobName));
  }

  /**
   * The most recent completed checkpoint of any run of the job named {@code jobName}, as a
   * directory that {@code execution.state-recovery.path} accepts; empty if there is none.
   */
  public Optional<Path> latestCheckpoint(String jobName) {
    return latestCheckpointIn(checkpointDirectory(jobName));
  }

  /** The most recent completed checkpoint under {@code <jobDirectory>/<job id>/chk-<n>}. */
  static Optional<Path> latestCheckpointIn(Path jobDirectory) {
    if (!Files.isDirectory(jobDirectory)) {
      return Optional.empty();
    }
    // _metadata is written last, so its presence marks a completed checkpoint, and its time
    // orders checkpoints across runs, whose job ids (and checkpoint numbers) differ.
    try (Stream<Path> metadata = Files.find(jobDirectory, 3, EmbeddedFlink::isCheckpointMetadata)) {
      return metadata.max(Comparator.comparing(EmbeddedFlink::lastModified)).map(Path::getParent);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot list checkpoints in " + jobDirectory, e);
    }
  }

  /**
   * The MiniCluster itself, for tests that need more than {@link #submit}: job status, failover,
   * savepoints.
   */
  public MiniCluster miniCluster() {
    return miniCluster;
  }

  /** Stops the cluster; running jobs are suspended and keep their checkpoints. */
  @Override
  public void close() {
    if (closed.compareAndSet(false, true)) {
      long started = System.nanoTime();
      try {
        miniCluster.close();
      } catch (Exception e) {
        throw new IllegalStateException("Flink MiniCluster did not stop cleanly", e);
      }
      LOG.info(
          "Flink MiniCluster stopped in {} ms",
          TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started));
    }
  }

  @Override
  public String toString() {
    return "EmbeddedFlink[" + restAddress + ", " + checkpointsRoot + "]";
  }

  static void requireJobName(String jobName) {
    Objects.requireNonNull(jobName, "jobName must not be null");
    if (jobName.isBlank()) {
      throw new IllegalArgumentException("jobName must not be blank");
    }
  }

  private void requireOpen() {
    if (closed.get()) {
      throw new IllegalStateException("this Flink MiniCluster has been closed");
    }
  }

  /**
   * A directory name for a job name: lower case, runs of anything but letters, digits, '.' and '_'
   * as one '-'. Names that differ only in such characters share a directory.
   */
  static String directoryName(String jobName) {
    String name =
        jobName
            .toLowerCase(Locale.ROOT)
            .replaceAll("[^a-z0-9._]+", "-")
            .replaceAll("^[-.]+|[-.]+$", "");
    return name.isEmpty() ? "job" : name;
  }

  private static boolean isCheckpointMetadata(Path path, BasicFileAttributes attributes) {
    return attributes.isRegularFile()
        && path.getFileName().toString().equals(METADATA_FILE)
        && path.getParent().getFileName().toString().startsWith("chk-");
  }

  private static FileTime lastModified(Path path) {
    try {
      return Files.getLastModifiedTime(path);
    } catch (IOException e) {
      return FileTime.fromMillis(0);
    }
  }

  /** Configures and starts an {@link EmbeddedFlink}. Not thread-safe. */
  public static final class Builder {

    private final Path dataDirectory;
    private int slots = 8;
    private int parallelism = 1;
    private int restPort;
    private @Nullable Duration checkpointInterval;
    private boolean resumeFromLatestCheckpoint;
    private final Configuration extra = new Configuration();

    private Builder(Path dataDirectory) {
      this.dataDirectory = Objects.requireNonNull(dataDirectory, "dataDirectory must not be null");
    }

    /**
     * Task slots of the one TaskManager; 8 by default. Each running job needs as many slots as its
     * highest operator parallelism.
     */
    public Builder slots(int slots) {
      if (slots < 1) {
        throw new IllegalArgumentException("slots must be at least 1, was " + slots);
      }
      this.slots = slots;
      return this;
    }

    /** The default parallelism of jobs; 1 by default. A job may set its own. */
    public Builder parallelism(int parallelism) {
      if (parallelism < 1) {
        throw new IllegalArgumentException("parallelism must be at least 1, was " + parallelism);
      }
      this.parallelism = parallelism;
      return this;
    }

    /** The REST and web UI port; 0 (the default) picks a free one. */
    public Builder restPort(int restPort) {
      if (restPort < 0 || restPort > 65535) {
        throw new IllegalArgumentException("restPort must be between 0 and 65535, was " + restPort);
      }
      this.restPort = restPort;
      return this;
    }

    /** Enables checkpointing in every job at this interval; off unless a job enables it. */
    public Builder checkpointInterval(Duration checkpointInterval) {
      Objects.requireNonNull(checkpointInterval, "checkpointInterval must not be null");
      if (checkpointInterval.isNegative() || checkpointInterval.isZero()) {
        throw new IllegalArgumentException(
            "checkpointInterval must be positive, was " + checkpointInterval);
      }
      this.checkpointInterval = checkpointInterval;
      return this;
    }

    /**
     * Whether {@link #submit} resumes a job from the latest checkpoint of a job of the same name;
     * off by default. The standalone process turns it on so that a restart carries on where it
     * stopped; tests that reuse job names leave it off.
     */
    public Builder resumeFromLatestCheckpoint(boolean resume) {
      this.resumeFromLatestCheckpoint = resume;
      return this;
    }

    /** Any other Flink setting, for the cluster and as a default of every job. */
    public Builder setting(String key, String value) {
      Objects.requireNonNull(key, "key must not be null");
      Objects.requireNonNull(value, "value must not be null");
      extra.setString(key, value);
      return this;
    }

    /**
     * Starts the MiniCluster and its REST endpoint.
     *
     * @throws PortInUseException if the configured REST port is taken
     */
    public EmbeddedFlink start() {
      long started = System.nanoTime();
      Path flinkDirectory = dataDirectory.resolve("flink").toAbsolutePath();
      Path checkpointsRoot = flinkDirectory.resolve("checkpoints");
      Path savepoints = flinkDirectory.resolve("savepoints");
      try {
        Files.createDirectories(checkpointsRoot);
        Files.createDirectories(savepoints);
      } catch (IOException e) {
        throw new UncheckedIOException("cannot create directories under " + flinkDirectory, e);
      }
      // 0 goes to Flink as it is: the endpoint binds an ephemeral port itself, without a race.
      String bindPort =
          restPort == 0
              ? "0"
              : Integer.toString(Ports.resolve("Flink REST", HOST, restPort, REST_PORT_SETTING));

      Configuration jobDefaults = new Configuration();
      jobDefaults.set(CoreOptions.DEFAULT_PARALLELISM, parallelism);
      jobDefaults.set(CheckpointingOptions.CHECKPOINT_STORAGE, "filesystem");
      jobDefaults.set(
          CheckpointingOptions.CHECKPOINTS_DIRECTORY, checkpointsRoot.toUri().toString());
      jobDefaults.set(CheckpointingOptions.SAVEPOINT_DIRECTORY, savepoints.toUri().toString());
      jobDefaults.set(
          CheckpointingOptions.EXTERNALIZED_CHECKPOINT_RETENTION,
          ExternalizedCheckpointRetention.RETAIN_ON_CANCELLATION);
      if (checkpointInterval != null) {
        jobDefaults.set(CheckpointingOptions.CHECKPOINTING_INTERVAL, checkpointInterval);
      }
      jobDefaults.addAll(extra);

      Configuration clusterConfiguration = new Configuration(jobDefaults);
      clusterConfiguration.set(RestOptions.ADDRESS, HOST);
      clusterConfiguration.set(RestOptions.BIND_ADDRESS, HOST);
      clusterConfiguration.set(RestOptions.BIND_PORT, bindPort);
      MiniCluster miniCluster =
          new MiniCluster(
              new MiniClusterConfiguration.Builder()
                  .setConfiguration(clusterConfiguration)
                  .setNumTaskManagers(1)
                  .setNumSlotsPerTaskManager(slots)
                  .build());
      URI restAddress;
      try {
        miniCluster.start();
        restAddress = miniCluster.getRestAddress().get();
      } catch (Exception e) {
        closeQuietly(miniCluster);
        if (e instanceof InterruptedException) {
          Thread.currentThread().interrupt();
        }
        if (restPort != 0 && causedByBindFailure(e)) {
          throw new PortInUseException("Flink REST", restPort, REST_PORT_SETTING);
        }
        throw new IllegalStateException("Flink MiniCluster did not start", unwrap(e));
      }
      LOG.info(
          "Flink MiniCluster ({} slots, parallelism {}) with REST and web UI on {} started in {} ms",
          slots,
          parallelism,
          restAddress,
          TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started));
      return new EmbeddedFlink(
          miniCluster, restAddress, checkpointsRoot, jobDefaults, resumeFromLatestCheckpoint);
    }

    private static boolean causedByBindFailure(Throwable e) {
      for (Throwable cause = e; cause != null; cause = cause.getCause()) {
        if (cause instanceof BindException) {
          return true;
        }
      }
      return false;
    }

    private static Throwable unwrap(Exception e) {
      return e instanceof ExecutionException && e.getCause() != null ? e.getCause() : e;
    }

    private static void closeQuietly(MiniCluster miniCluster) {
      try {
        miniCluster.close();
      } catch (Exception e) {
        LOG.debug("Flink MiniCluster did not close cleanly after a failed start", e);
      }
    }
  }
}
