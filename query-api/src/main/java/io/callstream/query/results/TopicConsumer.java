package io.callstream.query.results;

import io.callstream.core.cloudevents.CallstreamEventDeserializer;
import io.callstream.core.event.CallstreamEvent;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;

/**
 * One Kafka consumer on a thread of its own, which hands every poll to a {@link BatchStore} and
 * waits until it committed. Blocking is fine here: the thread is this consumer's, never a Netty or
 * Reactor one.
 *
 * <p>Its position lives in PostgreSQL ({@link OffsetStore}): a partition it is assigned stays
 * paused until it has been moved to the stored offset, and a batch that could not be stored is read
 * again from its first record after {@link ConsumerSettings#retryBackoff()}. A record that is not a
 * callstream event is skipped with a warning and counted; it would never decode. A tombstone is
 * skipped and counted too, without a warning.
 *
 * <p>Started and stopped with the application context. {@link #start()} and {@link #stop()} are
 * thread-safe; the rest runs on the consumer's thread.
 */
final class TopicConsumer implements SmartLifecycle {

  private static final Logger LOG = LoggerFactory.getLogger(TopicConsumer.class);
  private static final Duration POLL_TIMEOUT = Duration.ofMillis(500);
  private static final Duration STOP_TIMEOUT = Duration.ofSeconds(30);

  private final ConsumerSettings settings;
  private final OffsetStore offsets;
  private final BatchStore store;
  private final Counter malformed;
  private final Counter tombstones;
  private final Counter failedBatches;
  private final CallstreamEventDeserializer deserializer = new CallstreamEventDeserializer();

  /** Assigned partitions not yet moved to their stored offsets; consumer thread only. */
  private final Set<TopicPartition> unpositioned = new HashSet<>();

  private final Object lifecycle = new Object();
  private @Nullable KafkaConsumer<byte[], byte[]> consumer;
  private @Nullable Thread thread;
  private CountDownLatch stopping = new CountDownLatch(1);
  private volatile boolean running;

  TopicConsumer(
      ConsumerSettings settings, OffsetStore offsets, BatchStore store, MeterRegistry meters) {
    this.settings = Objects.requireNonNull(settings, "settings must not be null");
    this.offsets = Objects.requireNonNull(offsets, "offsets must not be null");
    this.store = Objects.requireNonNull(store, "store must not be null");
    Objects.requireNonNull(meters, "meters must not be null");
    this.malformed = skipped(meters, settings.topic(), "malformed");
    this.tombstones = skipped(meters, settings.topic(), "tombstone");
    this.failedBatches =
        Counter.builder("callstream.query.consumer.failed.batches")
            .description("Polled batches whose transaction failed and that are read again")
            .tag("topic", settings.topic())
            .register(meters);
  }

  /** The counter of records of {@code topic} skipped for {@code reason}. */
  static Counter skipped(MeterRegistry meters, String topic, String reason) {
    return Counter.builder("callstream.query.consumer.skipped")
        .description("Records that were skipped because they can never be stored")
        .tag("topic", topic)
        .tag("reason", reason)
        .register(meters);
  }

  @Override
  public void start() {
    synchronized (lifecycle) {
      if (running) {
        return;
      }
      running = true;
      stopping = new CountDownLatch(1);
      KafkaConsumer<byte[], byte[]> created =
          new KafkaConsumer<>(
              settings.consumerConfig(), new ByteArrayDeserializer(), new ByteArrayDeserializer());
      consumer = created;
      Thread started = new Thread(() -> run(created), "consumer-" + settings.topic());
      thread = started;
      started.start();
    }
  }

  @Override
  public void stop() {
    Thread stopped;
    synchronized (lifecycle) {
      if (!running) {
        return;
      }
      running = false;
      stopping.countDown();
      Objects.requireNonNull(consumer).wakeup();
      stopped = thread;
    }
    if (stopped != null) {
      try {
        stopped.join(STOP_TIMEOUT.toMillis());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      if (stopped.isAlive()) {
        LOG.warn("consumer of {} did not stop within {}", settings.topic(), STOP_TIMEOUT);
      }
    }
  }

  @Override
  public boolean isRunning() {
    return running;
  }

  private void run(KafkaConsumer<byte[], byte[]> consumer) {
    try (consumer) {
      consumer.subscribe(List.of(settings.topic()), new Positioning(consumer));
      while (running) {
        position(consumer);
        ConsumerRecords<byte[], byte[]> records = consumer.poll(POLL_TIMEOUT);
        if (!records.isEmpty()) {
          handle(consumer, records);
        }
      }
    } catch (WakeupException e) {
      if (running) {
        LOG.error("consumer of {} woken up while running", settings.topic(), e);
      }
    } catch (RuntimeException e) {
      LOG.error("consumer of {} stopped", settings.topic(), e);
    } finally {
      LOG.info("consumer of {} closed", settings.topic());
    }
  }

  /** Moves newly assigned partitions to their stored offsets and resumes them. */
  private void position(KafkaConsumer<byte[], byte[]> consumer) {
    if (unpositioned.isEmpty()) {
      return;
    }
    Map<TopicPartition, Long> stored;
    try {
      // On this consumer's own thread, never a Netty or Reactor one: a Kafka consumer is
      // single-threaded, and its partitions must be positioned before it polls again.
      stored =
          Objects.requireNonNull(
              offsets.load(settings.group(), unpositioned).block(settings.writeTimeout()));
    } catch (RuntimeException e) {
      LOG.warn("cannot read the offsets of {}; retrying", unpositioned, e);
      backOff();
      return;
    }
    List<TopicPartition> fromStart = new ArrayList<>();
    for (TopicPartition partition : unpositioned) {
      Long next = stored.get(partition);
      if (next == null) {
        fromStart.add(partition);
      } else {
        consumer.seek(partition, next);
      }
    }
    consumer.seekToBeginning(fromStart);
    consumer.resume(unpositioned);
    LOG.info(
        "consumer of {} resumes at {}, from the start in {}", settings.topic(), stored, fromStart);
    unpositioned.clear();
  }

  private void handle(
      KafkaConsumer<byte[], byte[]> consumer, ConsumerRecords<byte[], byte[]> records) {
    List<ConsumedEvent> batch = new ArrayList<>(records.count());
    Map<TopicPartition, Long> first = new LinkedHashMap<>();
    Map<TopicPartition, Long> next = new LinkedHashMap<>();
    for (ConsumerRecord<byte[], byte[]> record : records) {
      TopicPartition partition = new TopicPartition(record.topic(), record.partition());
      first.putIfAbsent(partition, record.offset());
      next.put(partition, record.offset() + 1);
      CallstreamEvent event = decode(record);
      if (event != null) {
        batch.add(new ConsumedEvent(event, record.topic(), record.partition(), record.offset()));
      }
    }
    try {
      // Waits on the consumer's own thread: the next poll must not start before this batch and
      // its offsets are committed, or a failure could skip records.
      store.store(batch, next).block(settings.writeTimeout());
    } catch (RuntimeException e) {
      failedBatches.increment();
      LOG.warn(
          "could not store {} records of {}; reading them again from {} in {}",
          records.count(),
          settings.topic(),
          first,
          settings.retryBackoff(),
          e);
      first.forEach(consumer::seek);
      backOff();
    }
  }

  private @Nullable CallstreamEvent decode(ConsumerRecord<byte[], byte[]> record) {
    try {
      CallstreamEvent event =
          deserializer.deserialize(record.topic(), record.headers(), record.value());
      if (event == null) {
        // On a compacted topic (calls) a tombstone is how a deleted call leaves the log: expected,
        // and nothing to store, so it is counted apart from records that are broken.
        LOG.debug(
            "skipped a tombstone at {}-{}@{}", record.topic(), record.partition(), record.offset());
        tombstones.increment();
      }
      return event;
    } catch (RuntimeException e) {
      malformed.increment();
      LOG.warn(
          "skipped a record that is not a callstream event at {}-{}@{}",
          record.topic(),
          record.partition(),
          record.offset(),
          e);
      return null;
    }
  }

  /** Waits the retry back-off, or less when the consumer stops. */
  private void backOff() {
    try {
      stopping.await(settings.retryBackoff().toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      running = false;
    }
  }

  /**
   * Pauses every assigned partition until {@link #position} has moved it to its stored offset, so
   * no poll returns records from wherever Kafka would start.
   */
  private final class Positioning implements ConsumerRebalanceListener {

    private final KafkaConsumer<byte[], byte[]> consumer;

    private Positioning(KafkaConsumer<byte[], byte[]> consumer) {
      this.consumer = consumer;
    }

    @Override
    public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
      consumer.pause(partitions);
      unpositioned.addAll(partitions);
    }

    @Override
    public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
      // Nothing to flush: every batch is stored (or not) before the next poll.
      unpositioned.removeAll(partitions);
    }
  }
}
