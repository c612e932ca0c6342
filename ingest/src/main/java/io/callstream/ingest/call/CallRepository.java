package io.callstream.ingest.call;

import org.springframework.r2dbc.core.DatabaseClient;
import reactor.core.publisher.Mono;

/** Calls in PostgreSQL, always within one workspace. */
public final class CallRepository {

  private final DatabaseClient db;

  public CallRepository(DatabaseClient db) {
    this.db = db;
  }

  public Mono<Void> insert(String workspaceId, String callId, String title, String source) {
    return db.sql(
            "insert into calls (workspace_id, id, title, source) values"
                + " (:workspaceId, :id, :title, :source)")
        .bind("workspaceId", workspaceId)
        .bind("id", callId)
        .bind("title", title)
        .bind("source", source)
        .then();
  }

  public Mono<Boolean> exists(String workspaceId, String callId) {
    return db.sql("select 1 from calls where workspace_id = :workspaceId and id = :id")
        .bind("workspaceId", workspaceId)
        .bind("id", callId)
        .map(row -> true)
        .one()
        .defaultIfEmpty(false);
  }
}
