package io.callstream.query.live;

import io.callstream.api.tenancy.WorkspaceScope;
import io.r2dbc.postgresql.api.Notification;
import io.r2dbc.postgresql.api.PostgresqlConnection;
import io.r2dbc.spi.Connection;
import io.r2dbc.spi.ConnectionFactory;
import io.r2dbc.spi.Result;
import io.r2dbc.spi.Wrapped;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.r2dbc.core.DatabaseClient;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;
import reactor.core.scheduler.Schedulers;
import reactor.util.retry.Retry;

/**
 * The live events of this instance, whichever instance stored them: it listens on PostgreSQL's
 * {@link LiveNotice#CHANNEL}, and for each notice of a workspace someone here follows, reads the
 * new events from {@code live_events}, renders them once and hands them to every subscriber.
 * Thread-safe.
 *
 * <p>Hot and best effort: a subscriber sees what is announced after it subscribed, and must keep up
 * (streams give it a bounded buffer of their own). If the listening connection fails, announcements
 * may be lost, so every subscriber's feed ends with an error (its client resumes from the log) and
 * the feed refuses new subscribers until it listens again.
 */
public final class LiveFeed implements SmartLifecycle {

  private static final Logger LOG = LoggerFactory.getLogger(LiveFeed.class);
  private static final int NOTICE_BACKLOG = 100_000;
  private static final Sinks.EmitFailureHandler SERIALIZE =
      Sinks.EmitFailureHandler.busyLooping(Duration.ofSeconds(5));

  private final ConnectionFactory connections;
  private final DatabaseClient db;
  private final WorkspaceScope scope;
  private final EventRenderer renderer;
  private final Duration reconnectBackoff;

  /** Subscribers per workspace: notices of other workspaces are not even read. */
  private final ConcurrentMap<String, Integer> interest = new ConcurrentHashMap<>();

  private final Object lifecycle = new Object();
  private volatile Sinks.@Nullable Many<LiveEvent> sink;
  private @Nullable Disposable listening;

  /**
   * @param connections where the listening connection comes from; a pool is bypassed, since the
   *     connection is held for the feed's lifetime
   * @param db where new events are read from
   * @param scope scopes each read to the announced workspace
   * @param renderer renders what is read
   * @param reconnectBackoff the first wait before listening again after a failure
   */
  LiveFeed(
      ConnectionFactory connections,
      DatabaseClient db,
      WorkspaceScope scope,
      EventRenderer renderer,
      Duration reconnectBackoff) {
    this.connections =
        unpooled(Objects.requireNonNull(connections, "connections must not be null"));
    this.db = Objects.requireNonNull(db, "db must not be null");
    this.scope = Objects.requireNonNull(scope, "scope must not be null");
    this.renderer = Objects.requireNonNull(renderer, "renderer must not be null");
    this.reconnectBackoff =
        Objects.requireNonNull(reconnectBackoff, "reconnectBackoff must not be null");
  }

  /**
   * Every live event of {@code scope} from the moment of subscription. Fails at once with {@link
   * LiveFeedUnavailableException} while the feed is not listening, and ends with it when the feed
   * stops listening.
   */
  public Flux<LiveEvent> events(Scope scope) {
    Objects.requireNonNull(scope, "scope must not be null");
    return Flux.defer(
        () -> {
          Sinks.Many<LiveEvent> current = sink;
          if (current == null) {
            return Flux.error(new LiveFeedUnavailableException("live events are not available"));
          }
          String workspaceId = scope.workspaceId();
          interest.merge(workspaceId, 1, Integer::sum);
          return current
              .asFlux()
              .filter(event -> scope.covers(event.workspaceId(), event.callId()))
              .doFinally(
                  signal ->
                      interest.computeIfPresent(
                          workspaceId, (key, count) -> count == 1 ? null : count - 1));
        });
  }

  /** Whether the feed listens, so streams can open. */
  public boolean isListening() {
    return sink != null;
  }

  @Override
  public void start() {
    synchronized (lifecycle) {
      if (listening != null) {
        return;
      }
      listening =
          Mono.usingWhen(
                  Mono.from(connections.create()),
                  connection -> listen(postgres(connection)),
                  connection -> Mono.from(connection.close()))
              .retryWhen(
                  Retry.backoff(Long.MAX_VALUE, reconnectBackoff)
                      .maxBackoff(reconnectBackoff.multipliedBy(10))
                      .doBeforeRetry(
                          retry ->
                              LOG.warn(
                                  "live feed stopped listening; listening again", retry.failure())))
              .subscribe();
    }
  }

  @Override
  public void stop() {
    synchronized (lifecycle) {
      if (listening == null) {
        return;
      }
      listening.dispose();
      listening = null;
    }
    Sinks.Many<LiveEvent> current = sink;
    sink = null;
    if (current != null) {
      current.emitComplete(SERIALIZE);
    }
  }

  @Override
  public boolean isRunning() {
    synchronized (lifecycle) {
      return listening != null;
    }
  }

  /**
   * Listens until the connection fails; never completes normally. The notifications are subscribed
   * to before {@code LISTEN} runs, and subscribers are let in once it ran, so nothing announced
   * after a subscriber came is missed.
   */
  private Mono<Void> listen(PostgresqlConnection connection) {
    Sinks.Many<LiveEvent> fresh = Sinks.many().multicast().directBestEffort();
    // the driver drops the connection's notifications on overflow: queue them here, and past
    // this many fail, so subscribers resume from the log rather than miss events
    Flux<Void> delivering =
        connection
            .getNotifications()
            .onBackpressureBuffer(NOTICE_BACKLOG)
            .concatMap(notification -> deliver(notification, fresh));
    Mono<Void> listen =
        Flux.from(connection.createStatement("LISTEN " + LiveNotice.CHANNEL).execute())
            .flatMap(Result::getRowsUpdated)
            .then()
            .doOnSuccess(
                done -> {
                  sink = fresh;
                  LOG.info("live feed listening on {}", LiveNotice.CHANNEL);
                });
    return Flux.merge(delivering, listen)
        .then(Mono.<Void>error(new IllegalStateException("the notifications ended")))
        .doFinally(
            signal -> {
              if (sink == fresh) {
                sink = null;
              }
              fresh.emitError(
                  new LiveFeedUnavailableException("live events were interrupted"), SERIALIZE);
            });
  }

  /**
   * Reads and hands out the events a notification announces, if anyone here follows them: through
   * the pool, in the announced workspace's scope (the listening connection only listens).
   */
  private Mono<Void> deliver(Notification notification, Sinks.Many<LiveEvent> to) {
    String payload = notification.getParameter();
    LiveNotice notice;
    try {
      notice = LiveNotice.parse(payload == null ? "" : payload);
    } catch (IllegalArgumentException e) {
      LOG.warn("ignored a notification on {} that is not a live notice", LiveNotice.CHANNEL, e);
      return Mono.empty();
    }
    if (!interest.containsKey(notice.workspaceId())) {
      return Mono.empty();
    }
    return db.sql(
            "select type, event, kafka_offset from live_events where workspace_id = :workspaceId"
                + " and topic = :topic and partition = :partition"
                + " and kafka_offset between :from and :to order by kafka_offset")
        .bind("workspaceId", notice.workspaceId())
        .bind("topic", notice.topic())
        .bind("partition", notice.partition())
        .bind("from", notice.fromOffset())
        .bind("to", notice.toOffset())
        .map(
            row ->
                new Announced(
                    Objects.requireNonNull(row.get("type", String.class)),
                    Objects.requireNonNull(row.get("event", byte[].class)),
                    new EventPosition(
                        notice.topic(),
                        notice.partition(),
                        Objects.requireNonNull(row.get("kafka_offset", Long.class)))))
        .all()
        .collectList()
        .as(rows -> scope.mono(notice.workspaceId(), rows))
        .publishOn(Schedulers.boundedElastic())
        .doOnNext(
            rows -> {
              for (Announced row : rows) {
                offer(to, renderer.render(row.type(), row.event(), row.position()));
              }
            })
        .then();
  }

  /**
   * Hands {@code event} to the subscribers that have room for it: one without demand misses it (and
   * nobody listening, or a feed that just ended, is fine too). Only a concurrent end of the feed is
   * waited out.
   */
  private static void offer(Sinks.Many<LiveEvent> to, LiveEvent event) {
    Sinks.EmitResult result;
    do {
      result = to.tryEmitNext(event);
    } while (result == Sinks.EmitResult.FAIL_NON_SERIALIZED);
  }

  /** The factory behind a pool, if {@code connections} is one. */
  private static ConnectionFactory unpooled(ConnectionFactory connections) {
    if (connections instanceof Wrapped<?> wrapped
        && wrapped.unwrap() instanceof ConnectionFactory inner) {
      return unpooled(inner);
    }
    return connections;
  }

  private static PostgresqlConnection postgres(Connection connection) {
    if (connection instanceof PostgresqlConnection postgres) {
      return postgres;
    }
    if (connection instanceof Wrapped<?> wrapped && wrapped.unwrap() instanceof Connection inner) {
      return postgres(inner);
    }
    throw new IllegalStateException(
        "live events need PostgreSQL's LISTEN, but the connection is a " + connection.getClass());
  }

  /** A row the notice announced, not yet decrypted. */
  private record Announced(String type, byte[] event, EventPosition position) {}
}
