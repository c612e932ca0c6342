package io.callstream.api.workspace;

import org.springframework.r2dbc.core.DatabaseClient;
import reactor.core.publisher.Mono;

/** Workspaces in PostgreSQL. */
public final class WorkspaceRepository {

  private final DatabaseClient db;

  public WorkspaceRepository(DatabaseClient db) {
    this.db = db;
  }

  public Mono<Void> insert(String workspaceId, String name, String plan) {
    return db.sql("insert into workspaces (id, name, plan) values (:id, :name, :plan)")
        .bind("id", workspaceId)
        .bind("name", name)
        .bind("plan", plan)
        .then();
  }

  /** The oldest workspace, if any: the one a fresh installation created for its first user. */
  public Mono<String> first() {
    return db.sql("select id from workspaces order by created_at, id limit 1")
        .map(row -> row.get("id", String.class))
        .one();
  }
}
