package io.callstream.query.live;

import io.callstream.api.tenancy.WorkspaceScope;
import io.r2dbc.spi.Readable;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.r2dbc.core.DatabaseClient.GenericExecuteSpec;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * Reads {@code live_events} for streams, always within one workspace (its {@link WorkspaceScope},
 * and its id in every query): where a scope stands now, and a page of what follows a cursor. The
 * partitions to look in are those the consumers have positions for ({@code consumer_offsets}, a few
 * rows): every partition with a logged event has one, written in the same transaction. Thread-safe.
 */
final class EventReplay {

  private static final String PARTITIONS =
      "(select distinct topic, partition from consumer_offsets)";

  private final DatabaseClient db;
  private final WorkspaceScope workspaceScope;
  private final EventRenderer renderer;
  private final int pageSize;

  EventReplay(
      DatabaseClient db, WorkspaceScope workspaceScope, EventRenderer renderer, int pageSize) {
    this.db = Objects.requireNonNull(db, "db must not be null");
    this.workspaceScope = Objects.requireNonNull(workspaceScope, "workspaceScope must not be null");
    this.renderer = Objects.requireNonNull(renderer, "renderer must not be null");
    if (pageSize < 1) {
      throw new IllegalArgumentException("pageSize must be positive, was " + pageSize);
    }
    this.pageSize = pageSize;
  }

  /** Whether the workspace has the call. */
  Mono<Boolean> hasCall(String workspaceId, String callId) {
    return db.sql(
            "select exists (select 1 from calls where workspace_id = :workspaceId"
                + " and id = :callId) as known")
        .bind("workspaceId", workspaceId)
        .bind("callId", callId)
        .map(row -> Boolean.TRUE.equals(row.get("known", Boolean.class)))
        .one()
        .as(known -> workspaceScope.mono(workspaceId, known));
  }

  /** The cursor just after the scope's last logged event in every partition. */
  Mono<StreamCursor> now(Scope scope) {
    return scoped(
            "select p.topic, p.partition, (select e.kafka_offset from live_events e"
                + " where e.workspace_id = :workspaceId"
                + callCondition(scope)
                + " and e.topic = p.topic and e.partition = p.partition"
                + " order by e.kafka_offset desc limit 1) as last_offset from "
                + PARTITIONS
                + " p",
            scope)
        .map(
            row -> {
              Long last = row.get("last_offset", Long.class);
              return new StreamCursor.Next(
                  Objects.requireNonNull(row.get("topic", String.class)),
                  Objects.requireNonNull(row.get("partition", Integer.class)),
                  last == null ? -1 : last + 1);
            })
        .all()
        .filter(next -> next.offset() >= 0)
        .collectList()
        .as(nexts -> workspaceScope.mono(scope.workspaceId(), nexts))
        .map(StreamCursor::of);
  }

  /**
   * The scope's logged events after {@code cursor}, in the order they were stored (and so in offset
   * order within each partition), a page per query so a slow reader holds no connection.
   */
  Flux<LiveEvent> after(Scope scope, StreamCursor cursor) {
    return page(scope, cursor)
        .expand(page -> page.isFull() ? page(scope, page.cursor()) : Mono.empty())
        .concatMapIterable(Page::events);
  }

  private Mono<Page> page(Scope scope, StreamCursor cursor) {
    List<StreamCursor.Next> entries = cursor.entries();
    return scoped(
            "select e.topic, e.partition, e.kafka_offset, e.type, e.event from "
                + PARTITIONS
                + " p left join unnest(cast(:topics as text[]), cast(:partitions as integer[]),"
                + " cast(:nexts as bigint[])) as c (topic, partition, next)"
                + " on c.topic = p.topic and c.partition = p.partition"
                + " cross join lateral (select * from live_events e"
                + " where e.workspace_id = :workspaceId"
                + callCondition(scope)
                + " and e.topic = p.topic and e.partition = p.partition"
                + " and e.kafka_offset >= coalesce(c.next, 0)"
                + " order by e.kafka_offset limit :limit) e"
                + " order by e.stored_at, e.topic, e.partition, e.kafka_offset limit :limit",
            scope)
        .bind("topics", entries.stream().map(StreamCursor.Next::topic).toArray(String[]::new))
        .bind(
            "partitions",
            entries.stream().map(StreamCursor.Next::partition).toArray(Integer[]::new))
        .bind("nexts", entries.stream().map(StreamCursor.Next::offset).toArray(Long[]::new))
        .bind("limit", pageSize)
        .map(EventReplay::stored)
        .all()
        .collectList()
        .as(rows -> workspaceScope.mono(scope.workspaceId(), rows))
        .publishOn(Schedulers.boundedElastic())
        .map(
            rows -> {
              List<LiveEvent> events = new ArrayList<>(rows.size());
              StreamCursor after = cursor;
              for (Stored row : rows) {
                events.add(renderer.render(row.type(), row.event(), row.position()));
                after = after.after(row.position());
              }
              return new Page(events, after, rows.size() == pageSize);
            });
  }

  private GenericExecuteSpec scoped(String sql, Scope scope) {
    GenericExecuteSpec statement = db.sql(sql).bind("workspaceId", scope.workspaceId());
    String callId = scope.callId();
    return callId == null ? statement : statement.bind("callId", callId);
  }

  private static String callCondition(Scope scope) {
    return scope.callId() == null ? "" : " and e.call_id = :callId";
  }

  private static Stored stored(Readable row) {
    return new Stored(
        Objects.requireNonNull(row.get("type", String.class)),
        Objects.requireNonNull(row.get("event", byte[].class)),
        new EventPosition(
            Objects.requireNonNull(row.get("topic", String.class)),
            Objects.requireNonNull(row.get("partition", Integer.class)),
            Objects.requireNonNull(row.get("kafka_offset", Long.class))));
  }

  /** A row of {@code live_events}, not yet decrypted. */
  private record Stored(String type, byte[] event, EventPosition position) {}

  /**
   * One query's events.
   *
   * @param events the events, in order
   * @param cursor the cursor after them
   * @param isFull whether the page is full, so more may follow
   */
  private record Page(List<LiveEvent> events, StreamCursor cursor, boolean isFull) {}
}
