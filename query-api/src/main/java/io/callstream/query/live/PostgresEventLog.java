package io.callstream.query.live;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Objects;
import org.springframework.r2dbc.core.DatabaseClient;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * The event log in PostgreSQL: {@code consumed_events} with its {@code event_json}, always read
 * within one workspace. Thread-safe.
 */
final class PostgresEventLog implements EventLog {

  private final DatabaseClient db;
  private final int pageSize;

  PostgresEventLog(DatabaseClient db, int pageSize) {
    this.db = Objects.requireNonNull(db, "db must not be null");
    if (pageSize < 1) {
      throw new IllegalArgumentException("pageSize must be positive, was " + pageSize);
    }
    this.pageSize = pageSize;
  }

  @Override
  public Mono<Boolean> hasCall(String workspaceId, String callId) {
    return db.sql(
            "select exists (select 1 from calls where workspace_id = :ws and id = :callId) as known")
        .bind("ws", workspaceId)
        .bind("callId", callId)
        .map(row -> Boolean.TRUE.equals(row.get("known", Boolean.class)))
        .one();
  }

  @Override
  public Mono<Long> lastPosition(Scope scope) {
    return scoped(
            "select coalesce(max(position), 0) as position from consumed_events"
                + " where workspace_id = :ws",
            scope)
        .map(row -> Objects.requireNonNull(row.get("position", Long.class)))
        .one();
  }

  /** Reads a page per query, so that a slow reader does not hold a connection. */
  @Override
  public Flux<LoggedEvent> after(Scope scope, long position) {
    return page(scope, position)
        .expand(
            page ->
                page.size() < pageSize
                    ? Mono.empty()
                    : page(scope, page.get(page.size() - 1).position()))
        .concatMapIterable(page -> page);
  }

  private Mono<List<LoggedEvent>> page(Scope scope, long after) {
    return scoped(
            "select position, type, event_json from consumed_events where workspace_id = :ws"
                + " and event_json is not null and position > :after",
            scope,
            " order by position limit :limit")
        .bind("after", after)
        .bind("limit", pageSize)
        .map(
            row ->
                new LoggedEvent(
                    Objects.requireNonNull(row.get("position", Long.class)),
                    Objects.requireNonNull(row.get("type", String.class)),
                    utf8(Objects.requireNonNull(row.get("event_json", ByteBuffer.class)))))
        .all()
        .collectList();
  }

  private DatabaseClient.GenericExecuteSpec scoped(String select, Scope scope) {
    return scoped(select, scope, "");
  }

  private DatabaseClient.GenericExecuteSpec scoped(String select, Scope scope, String suffix) {
    String callId = scope.callId();
    DatabaseClient.GenericExecuteSpec statement =
        db.sql(select + (callId == null ? "" : " and call_id = :callId") + suffix)
            .bind("ws", scope.workspaceId());
    return callId == null ? statement : statement.bind("callId", callId);
  }

  private static String utf8(ByteBuffer bytes) {
    return StandardCharsets.UTF_8.decode(bytes.duplicate()).toString();
  }
}
