package io.callstream.embedded.kafka;

import io.callstream.core.event.Topic;
import io.callstream.embedded.PortInUseException;
import io.callstream.embedded.Ports;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.BindException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.utils.AppInfoParser;
import org.apache.kafka.common.utils.Time;
import org.apache.kafka.metadata.properties.MetaPropertiesEnsemble;
import org.apache.kafka.metadata.storage.Formatter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A real Kafka broker running in this JVM: one KRaft node that is broker and controller at once,
 * started from the Kafka server artifacts ({@link KafkaRaftServer}). Its log lives under {@code
 * <dataDirectory>/kafka}, formatted on first start and found again by later starts with the same
 * cluster id, so topics and records survive a restart.
 *
 * <p>Settings fit for one node: offsets, transaction-state and share-state topics with replication
 * factor 1 and min ISR 1, a transaction timeout ceiling of one hour (Flink's exactly-once Kafka
 * sink asks for long transactions), no initial rebalance delay. Thread-safe; {@link #close()} stops
 * the broker and may be called more than once.
 */
public final class EmbeddedKafka implements AutoCloseable {

  /** The setting that chooses the broker port, named when the port is taken. */
  public static final String PORT_SETTING = "callstream.kafka.port";

  private static final Logger LOG = LoggerFactory.getLogger(EmbeddedKafka.class);
  private static final int NODE_ID = 1;
  private static final String BROKER_LISTENER = "PLAINTEXT";
  private static final String CONTROLLER_LISTENER = "CONTROLLER";
  private static final Duration READY_TIMEOUT = Duration.ofSeconds(60);

  private final KafkaRaftServer server;
  private final KafkaEndpoint endpoint;
  private final String clusterId;
  private final Path logDirectory;
  private final int port;
  private final AtomicBoolean closed = new AtomicBoolean();

  private EmbeddedKafka(
      KafkaRaftServer server,
      KafkaEndpoint endpoint,
      String clusterId,
      Path logDirectory,
      int port) {
    this.server = server;
    this.endpoint = endpoint;
    this.clusterId = clusterId;
    this.logDirectory = logDirectory;
    this.port = port;
  }

  /** A builder for a broker that keeps its log under {@code dataDirectory}. */
  public static Builder builder(Path dataDirectory) {
    return new Builder(dataDirectory);
  }

  /**
   * Starts a broker with its log under {@code dataDirectory} on {@code port} (0 picks a free one).
   */
  public static EmbeddedKafka start(Path dataDirectory, int port) {
    return builder(dataDirectory).port(port).start();
  }

  /** The bootstrap servers clients connect to, {@code host:port}. */
  public String bootstrapServers() {
    return endpoint.bootstrapServers();
  }

  /** Where clients connect. */
  public KafkaEndpoint endpoint() {
    return endpoint;
  }

  /** The port the broker listens on. */
  public int port() {
    return port;
  }

  /** The cluster id, chosen when the log directory was formatted and kept from then on. */
  public String clusterId() {
    return clusterId;
  }

  /** The directory that holds the broker's metadata and topic logs. */
  public Path logDirectory() {
    return logDirectory;
  }

  /** Creates each of {@code topics} that does not exist yet; see {@link KafkaTopics}. */
  public void createTopics(Collection<Topic> topics) {
    KafkaTopics.create(endpoint, topics);
  }

  /** Stops the broker and waits until it has stopped. Later calls do nothing. */
  @Override
  public void close() {
    if (closed.compareAndSet(false, true)) {
      long started = System.nanoTime();
      server.shutdown();
      server.awaitShutdown();
      LOG.info(
          "Kafka broker on {} stopped in {} ms",
          endpoint.bootstrapServers(),
          TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started));
    }
  }

  @Override
  public String toString() {
    return "EmbeddedKafka[" + endpoint.bootstrapServers() + ", " + logDirectory + "]";
  }

  /** Configures and starts an {@link EmbeddedKafka}. Not thread-safe. */
  public static final class Builder {

    // Listener, role and directory settings follow from the builder's own options.
    private static final Set<String> OWNED_PROPERTIES =
        Set.of(
            "process.roles",
            "node.id",
            "listeners",
            "advertised.listeners",
            "listener.security.protocol.map",
            "inter.broker.listener.name",
            "controller.listener.names",
            "controller.quorum.voters",
            "controller.quorum.bootstrap.servers",
            "log.dirs",
            "log.dir",
            "metadata.log.dir");

    private final Path dataDirectory;
    private String host = "localhost";
    private int port;
    private final Map<String, String> overrides = new LinkedHashMap<>();

    private Builder(Path dataDirectory) {
      this.dataDirectory = Objects.requireNonNull(dataDirectory, "dataDirectory must not be null");
    }

    /** The broker port; 0 (the default) picks a free one. */
    public Builder port(int port) {
      if (port < 0 || port > 65535) {
        throw new IllegalArgumentException("port must be between 0 and 65535, was " + port);
      }
      this.port = port;
      return this;
    }

    /** The host name the broker binds to and advertises; {@code localhost} by default. */
    public Builder host(String host) {
      Objects.requireNonNull(host, "host must not be null");
      if (host.isBlank()) {
        throw new IllegalArgumentException("host must not be blank");
      }
      this.host = host;
      return this;
    }

    /**
     * Sets a broker configuration property ({@code server.properties} key), over the defaults
     * chosen here. Listener, role and directory properties belong to this class and are refused.
     */
    public Builder brokerProperty(String key, String value) {
      Objects.requireNonNull(key, "key must not be null");
      Objects.requireNonNull(value, "value must not be null");
      if (OWNED_PROPERTIES.contains(key)) {
        throw new IllegalArgumentException(
            key + " is set by EmbeddedKafka and cannot be overridden");
      }
      overrides.put(key, value);
      return this;
    }

    /**
     * Formats the log directory if it is new, starts the broker and waits until it takes clients.
     *
     * @throws PortInUseException if the configured port is taken
     */
    public EmbeddedKafka start() {
      long started = System.nanoTime();
      Path logDirectory = dataDirectory.resolve("kafka").toAbsolutePath();
      try {
        Files.createDirectories(logDirectory);
      } catch (IOException e) {
        throw new UncheckedIOException("cannot create Kafka log directory " + logDirectory, e);
      }
      int brokerPort = Ports.resolve("Kafka", host, port, PORT_SETTING);
      int controllerPort = Ports.freePort(host);
      KafkaConfig config =
          new KafkaConfig(properties(logDirectory, brokerPort, controllerPort), false);
      String clusterId = formatIfNew(logDirectory);

      KafkaRaftServer server = new KafkaRaftServer(config, Time.SYSTEM);
      try {
        server.startup();
      } catch (RuntimeException e) {
        shutDownQuietly(server);
        if (causedByBindFailure(e) && port != 0) {
          throw new PortInUseException("Kafka", brokerPort, PORT_SETTING);
        }
        throw e;
      }
      KafkaEndpoint endpoint = KafkaEndpoint.of(host + ":" + brokerPort);
      EmbeddedKafka kafka =
          new EmbeddedKafka(server, endpoint, clusterId, logDirectory, brokerPort);
      try {
        awaitReady(endpoint);
      } catch (RuntimeException e) {
        kafka.close();
        throw e;
      }
      LOG.info(
          "Kafka broker {} on {} (cluster {}, log {}) started in {} ms",
          AppInfoParser.getVersion(),
          endpoint.bootstrapServers(),
          clusterId,
          logDirectory,
          TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started));
      return kafka;
    }

    /** The broker's configuration; package-private so a test can check every key is Kafka's. */
    Map<String, String> properties(Path logDirectory, int brokerPort, int controllerPort) {
      Map<String, String> props = new LinkedHashMap<>();
      props.put("process.roles", "broker,controller");
      props.put("node.id", Integer.toString(NODE_ID));
      props.put(
          "listeners",
          BROKER_LISTENER
              + "://"
              + host
              + ":"
              + brokerPort
              + ","
              + CONTROLLER_LISTENER
              + "://"
              + host
              + ":"
              + controllerPort);
      props.put("advertised.listeners", BROKER_LISTENER + "://" + host + ":" + brokerPort);
      props.put(
          "listener.security.protocol.map",
          BROKER_LISTENER + ":PLAINTEXT," + CONTROLLER_LISTENER + ":PLAINTEXT");
      props.put("inter.broker.listener.name", BROKER_LISTENER);
      props.put("controller.listener.names", CONTROLLER_LISTENER);
      // Static voters: the quorum is this node alone, and the controller port may differ on every
      // start because the voter set is read from configuration, not from the formatted log.
      props.put("controller.quorum.voters", NODE_ID + "@" + host + ":" + controllerPort);
      props.put("log.dirs", logDirectory.toString());
      props.put("metadata.log.dir", logDirectory.toString());

      props.put("offsets.topic.replication.factor", "1");
      props.put("offsets.topic.num.partitions", "5");
      props.put("transaction.state.log.replication.factor", "1");
      props.put("transaction.state.log.min.isr", "1");
      props.put("transaction.state.log.num.partitions", "5");
      props.put("share.coordinator.state.topic.replication.factor", "1");
      props.put("share.coordinator.state.topic.min.isr", "1");
      // Flink's exactly-once Kafka sink keeps a transaction open across a checkpoint and sets its
      // transaction timeout below this ceiling; its traditional default is one hour.
      props.put("transaction.max.timeout.ms", Long.toString(Duration.ofHours(1).toMillis()));
      props.put("group.initial.rebalance.delay.ms", "0");
      // The cleaner allocates its dedupe buffer up front (128 MiB by default): a lot for a laptop.
      props.put("log.cleaner.dedupe.buffer.size", Long.toString(16L * 1024 * 1024));
      props.put("num.network.threads", "2");
      props.put("num.io.threads", "4");
      props.putAll(overrides);
      return props;
    }

    /**
     * Formats the log directory unless an earlier start did, and returns the cluster id either way.
     * Formatting writes {@code meta.properties} and the bootstrap metadata; a formatted directory
     * must never be formatted again, or its cluster id and topics would be lost.
     */
    private static String formatIfNew(Path logDirectory) {
      String directory = logDirectory.toString();
      try {
        MetaPropertiesEnsemble ensemble =
            new MetaPropertiesEnsemble.Loader()
                .addLogDirs(List.of(directory))
                .addMetadataLogDir(directory)
                .load();
        if (!ensemble.errorLogDirs().isEmpty()) {
          throw new IllegalStateException("cannot read Kafka log directory " + logDirectory);
        }
        if (ensemble.clusterId().isPresent()) {
          return ensemble.clusterId().get();
        }
        ByteArrayOutputStream output = new ByteArrayOutputStream();
        Formatter formatter =
            new Formatter()
                .setPrintStream(new PrintStream(output, true, StandardCharsets.UTF_8))
                .setNodeId(NODE_ID)
                .setClusterId(Uuid.randomUuid().toString())
                .setDirectories(List.of(directory))
                .setMetadataLogDirectory(directory)
                .setControllerListenerName(CONTROLLER_LISTENER);
        formatter.run();
        LOG.debug("Formatted Kafka log directory: {}", output.toString(StandardCharsets.UTF_8));
        return formatter.clusterId();
      } catch (IOException e) {
        throw new UncheckedIOException("cannot read Kafka log directory " + logDirectory, e);
      } catch (RuntimeException e) {
        throw e;
      } catch (Exception e) {
        throw new IllegalStateException("cannot format Kafka log directory " + logDirectory, e);
      }
    }

    /** Waits until the broker answers clients: start-up returns before it is unfenced. */
    private static void awaitReady(KafkaEndpoint endpoint) {
      try (Admin admin = Admin.create(endpoint.clientProperties())) {
        admin.describeCluster().nodes().get(READY_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted while waiting for Kafka", e);
      } catch (Exception e) {
        throw new IllegalStateException(
            "Kafka on " + endpoint.bootstrapServers() + " did not become ready", e);
      }
    }

    private static boolean causedByBindFailure(Throwable e) {
      for (Throwable cause = e; cause != null; cause = cause.getCause()) {
        if (cause instanceof BindException) {
          return true;
        }
      }
      return false;
    }

    private static void shutDownQuietly(KafkaRaftServer server) {
      try {
        server.shutdown();
        server.awaitShutdown();
      } catch (RuntimeException e) {
        LOG.debug("Kafka did not shut down cleanly after a failed start", e);
      }
    }
  }
}
