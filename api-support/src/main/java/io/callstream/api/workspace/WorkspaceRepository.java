package io.callstream.api.workspace;

import io.callstream.api.tenancy.WorkspaceScope;
import java.util.Objects;
import java.util.Optional;
import org.springframework.r2dbc.core.DatabaseClient;
import reactor.core.publisher.Mono;

/** Workspaces in PostgreSQL. Thread-safe. */
public final class WorkspaceRepository {

  private final DatabaseClient db;
  private final WorkspaceScope scope;

  public WorkspaceRepository(DatabaseClient db, WorkspaceScope scope) {
    this.db = Objects.requireNonNull(db, "db must not be null");
    this.scope = Objects.requireNonNull(scope, "scope must not be null");
  }

  /** Creates a workspace, in its own scope: row-level security admits only its own row. */
  public Mono<Void> insert(String workspaceId, String name, String plan) {
    return scope.mono(
        workspaceId,
        db.sql("insert into workspaces (id, name, plan) values (:id, :name, :plan)")
            .bind("id", workspaceId)
            .bind("name", name)
            .bind("plan", plan)
            .then());
  }

  /**
   * The oldest workspace, if any: the one a fresh installation created for its first user. It looks
   * across workspaces, so it asks {@code callstream_first_workspace} (V10), a SECURITY DEFINER
   * function that answers that id alone.
   */
  public Mono<String> first() {
    return db.sql("select callstream_first_workspace() as id")
        .map(row -> Optional.ofNullable(row.get("id", String.class)))
        .one()
        .flatMap(Mono::justOrEmpty);
  }
}
