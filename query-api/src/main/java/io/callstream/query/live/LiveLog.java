package io.callstream.query.live;

import io.callstream.api.tenancy.WorkspaceScope;
import io.callstream.core.event.CallstreamEvent;
import io.callstream.core.event.EventJson;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.springframework.r2dbc.core.DatabaseClient;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Appends what the results consumers stored to {@code live_events} and announces it to every
 * instance, inside the consumer's transaction: the events and the notification become visible when
 * the stored state does, never before and never without it. A batch spans workspaces: each event is
 * logged in its own workspace's {@link WorkspaceScope}, which joins the consumer's transaction.
 * Thread-safe.
 */
public final class LiveLog {

  private final DatabaseClient db;
  private final WorkspaceScope scope;

  public LiveLog(DatabaseClient db, WorkspaceScope scope) {
    this.db = Objects.requireNonNull(db, "db must not be null");
    this.scope = Objects.requireNonNull(scope, "scope must not be null");
  }

  /**
   * Logs an event that changed what is stored.
   *
   * @param event the event
   * @param position where it was on Kafka
   */
  public record Entry(CallstreamEvent event, EventPosition position) {

    public Entry {
      Objects.requireNonNull(event, "event must not be null");
      Objects.requireNonNull(position, "position must not be null");
    }
  }

  /**
   * Appends {@code entries} and sends one notification per workspace and partition. Must run inside
   * a transaction: PostgreSQL delivers the notifications when it commits.
   */
  public Mono<Void> append(List<Entry> entries) {
    Objects.requireNonNull(entries, "entries must not be null");
    if (entries.isEmpty()) {
      return Mono.empty();
    }
    return Flux.fromIterable(entries)
        .concatMap(this::insert)
        .thenMany(Flux.fromIterable(notices(entries)))
        .concatMap(
            notice ->
                db.sql("select pg_notify(:channel, :payload)")
                    .bind("channel", LiveNotice.CHANNEL)
                    .bind("payload", notice.encode())
                    .then())
        .then();
  }

  private Mono<Void> insert(Entry entry) {
    CallstreamEvent event = entry.event();
    EventPosition position = entry.position();
    return db.sql(
            "insert into live_events (workspace_id, call_id, topic, partition, kafka_offset, type,"
                + " event) values (:workspaceId, :callId, :topic, :partition, :offset, :type,"
                + " :event) on conflict (topic, partition, kafka_offset) do nothing")
        .bind("workspaceId", event.workspaceId())
        .bind("callId", event.callId())
        .bind("topic", position.topic())
        .bind("partition", position.partition())
        .bind("offset", position.offset())
        .bind("type", event.type().ceType())
        .bind("event", EventJson.write(event))
        .then()
        .as(logged -> scope.mono(event.workspaceId(), logged));
  }

  /** The offsets of {@code entries} as ranges per workspace and partition. */
  private static List<LiveNotice> notices(List<Entry> entries) {
    Map<Lane, LiveNotice> notices = new LinkedHashMap<>();
    for (Entry entry : entries) {
      EventPosition position = entry.position();
      String workspaceId = entry.event().workspaceId();
      notices.merge(
          new Lane(workspaceId, position.topic(), position.partition()),
          new LiveNotice(
              workspaceId,
              position.topic(),
              position.partition(),
              position.offset(),
              position.offset()),
          LiveNotice::span);
    }
    return List.copyOf(notices.values());
  }

  /** One workspace's events in one partition. */
  private record Lane(String workspaceId, String topic, int partition) {}
}
