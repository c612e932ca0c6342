package io.callstream.query.admin.settings;

import io.callstream.api.workspace.Plan;
import io.r2dbc.spi.Readable;
import java.time.Instant;
import java.util.Objects;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.r2dbc.core.DatabaseClient.GenericExecuteSpec;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * A workspace's plan, retention and templates in PostgreSQL. Every statement names its workspace;
 * callers run them inside the workspace's scope ({@link io.callstream.api.tenancy.WorkspaceScope}).
 * Thread-safe.
 */
final class SettingsRepository {

  private final DatabaseClient db;

  SettingsRepository(DatabaseClient db) {
    this.db = Objects.requireNonNull(db, "db must not be null");
  }

  /** The workspace's settings; empty when there is no such workspace. */
  Mono<WorkspaceSettings> settings(String workspaceId) {
    return settings(workspaceId, "");
  }

  /** The workspace's settings, its row locked until the transaction ends. */
  Mono<WorkspaceSettings> settingsForUpdate(String workspaceId) {
    return settings(workspaceId, " for update");
  }

  private Mono<WorkspaceSettings> settings(String workspaceId, String lock) {
    return db.sql("select plan, retention_days from workspaces where id = :workspaceId" + lock)
        .bind("workspaceId", workspaceId)
        .map(
            row -> {
              String plan = Objects.requireNonNull(row.get("plan", String.class));
              return new WorkspaceSettings(
                  Plan.named(plan)
                      .orElseThrow(
                          () -> new IllegalStateException("workspace has unknown plan " + plan)),
                  row.get("retention_days", Integer.class));
            })
        .one();
  }

  Mono<Void> update(String workspaceId, WorkspaceSettings settings) {
    GenericExecuteSpec update =
        db.sql(
                "update workspaces set plan = :plan, retention_days = :days"
                    + " where id = :workspaceId")
            .bind("workspaceId", workspaceId)
            .bind("plan", settings.plan().storedName());
    Integer days = settings.retentionOverride();
    return (days == null ? update.bindNull("days", Integer.class) : update.bind("days", days))
        .then();
  }

  Flux<StoredTemplate> templates(String workspaceId) {
    return db.sql(
            "select name, body::text as body, updated_at from workspace_templates"
                + " where workspace_id = :workspaceId order by name")
        .bind("workspaceId", workspaceId)
        .map(SettingsRepository::template)
        .all();
  }

  /** The template's body as JSON text, its row locked; empty when there is none of that name. */
  Mono<String> bodyForUpdate(String workspaceId, String name) {
    return db.sql(
            "select body::text as body from workspace_templates"
                + " where workspace_id = :workspaceId and name = :name for update")
        .bind("workspaceId", workspaceId)
        .bind("name", name)
        .map(row -> Objects.requireNonNull(row.get("body", String.class)))
        .one();
  }

  /** Writes the template, new or over the old one, and returns it as stored. */
  Mono<StoredTemplate> put(String workspaceId, String name, String body) {
    return db.sql(
            "insert into workspace_templates (workspace_id, name, body, updated_at)"
                + " values (:workspaceId, :name, cast(:body as jsonb), now())"
                + " on conflict (workspace_id, name)"
                + " do update set body = excluded.body, updated_at = excluded.updated_at"
                + " returning name, body::text as body, updated_at")
        .bind("workspaceId", workspaceId)
        .bind("name", name)
        .bind("body", body)
        .map(SettingsRepository::template)
        .one();
  }

  /** Deletes the template; returns the body it had, empty when there was none of that name. */
  Mono<String> delete(String workspaceId, String name) {
    return db.sql(
            "delete from workspace_templates where workspace_id = :workspaceId and name = :name"
                + " returning body::text as body")
        .bind("workspaceId", workspaceId)
        .bind("name", name)
        .map(row -> Objects.requireNonNull(row.get("body", String.class)))
        .one();
  }

  private static StoredTemplate template(Readable row) {
    return new StoredTemplate(
        Objects.requireNonNull(row.get("name", String.class)),
        Objects.requireNonNull(row.get("body", String.class)),
        Objects.requireNonNull(row.get("updated_at", Instant.class)));
  }

  /**
   * A template row. Immutable.
   *
   * @param body its JSON text as PostgreSQL prints it
   */
  record StoredTemplate(String name, String body, Instant updatedAt) {}
}
