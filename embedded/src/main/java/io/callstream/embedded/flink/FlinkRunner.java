package io.callstream.embedded.flink;

import java.net.URI;
import java.util.function.Consumer;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

/**
 * Runs Flink jobs that caller code builds: the caller gets an environment bound to one cluster,
 * adds its sources, operators and sinks, and the runner submits the result. The same job code thus
 * runs on the embedded MiniCluster and on a real cluster, chosen by configuration. Implementations
 * are thread-safe.
 */
public interface FlinkRunner {

  /**
   * Builds a job on a fresh environment bound to this runner's cluster and submits it without
   * waiting for it to finish.
   *
   * @param jobName the job's name, shown in the Flink UI and used to find its checkpoints
   * @param pipeline adds the job's sources, operators and sinks to the environment; may also set
   *     checkpointing, parallelism and the like
   * @return a client to follow, wait for or cancel the job
   * @throws IllegalStateException if the job cannot be submitted
   */
  JobClient submit(String jobName, Consumer<StreamExecutionEnvironment> pipeline);

  /** The cluster's REST endpoint, also home of the Flink web UI. */
  URI restAddress();
}
