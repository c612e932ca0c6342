package io.callstream.query.admin.crypto;

import io.callstream.api.audit.Actor;
import io.callstream.api.audit.AuditLog;
import io.callstream.api.audit.AuditType;
import io.callstream.api.tenancy.WorkspaceScope;
import io.callstream.core.crypto.IntegrationKeyring;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpStatus;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.web.server.ResponseStatusException;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * A workspace's own LLM provider (bring your own key) in {@code workspace_integrations}: the key is
 * sealed by the {@link IntegrationKeyring}, a key of the workspace apart from its data keyset, and
 * only its {@link ApiKeyHint} is ever read back. Each change is audited ({@code
 * INTEGRATION_CHANGED}) in the same transaction, with the provider, endpoint and model and whether
 * the key changed, never the key. Thread-safe.
 */
final class LlmIntegrations {

  /** The {@code kind} of this integration, in the table and in the secret's associated data. */
  static final String KIND = "llm";

  private final DatabaseClient db;
  private final WorkspaceScope scope;
  private final IntegrationKeyring keyring;
  private final AuditLog audit;

  LlmIntegrations(
      DatabaseClient db, WorkspaceScope scope, IntegrationKeyring keyring, AuditLog audit) {
    this.db = Objects.requireNonNull(db, "db must not be null");
    this.scope = Objects.requireNonNull(scope, "scope must not be null");
    this.keyring = Objects.requireNonNull(keyring, "keyring must not be null");
    this.audit = Objects.requireNonNull(audit, "audit must not be null");
  }

  /** The workspace's integration, masked; 404 if it has none. */
  Mono<LlmIntegrationView> find(String workspaceId) {
    return scope
        .mono(
            workspaceId,
            db.sql(
                    "select provider, base_url, model, secret_hint, updated_at"
                        + " from workspace_integrations"
                        + " where workspace_id = :workspaceId and kind = :kind")
                .bind("workspaceId", workspaceId)
                .bind("kind", KIND)
                .map(
                    row ->
                        new LlmIntegrationView(
                            Objects.requireNonNull(row.get("provider", String.class)),
                            row.get("base_url", String.class),
                            row.get("model", String.class),
                            Objects.requireNonNull(row.get("secret_hint", String.class)),
                            Objects.requireNonNull(row.get("updated_at", Instant.class))))
                .one())
        .switchIfEmpty(Mono.error(LlmIntegrations::notConfigured));
  }

  /** Sets the workspace's integration; without a key, only an existing one's other settings. */
  Mono<LlmIntegrationView> put(String workspaceId, LlmIntegrationSettings settings, Actor actor) {
    String apiKey = settings.apiKey();
    Mono<Long> stored;
    if (apiKey == null) {
      stored = updateSettings(workspaceId, settings);
    } else {
      // The first seal of a workspace creates its keyset file: never on an event loop.
      stored =
          Mono.fromCallable(() -> keyring.seal(workspaceId, KIND, apiKey))
              .subscribeOn(Schedulers.boundedElastic())
              .flatMap(
                  sealedKey -> upsert(workspaceId, settings, sealedKey, ApiKeyHint.of(apiKey)));
    }
    Map<String, Object> diff = new LinkedHashMap<>();
    diff.put("provider", settings.provider().apiName());
    putIfPresent(diff, "baseUrl", settings.baseUrl());
    putIfPresent(diff, "model", settings.model());
    diff.put("keyChanged", apiKey != null);
    return scope
        .mono(
            workspaceId,
            stored.flatMap(
                rows ->
                    rows == 0
                        ? Mono.error(
                            new ResponseStatusException(
                                HttpStatus.BAD_REQUEST,
                                "apiKey is required: the workspace has no LLM integration yet"))
                        : audit.record(workspaceId, AuditType.INTEGRATION_CHANGED, actor, diff)))
        .then(find(workspaceId));
  }

  /** Removes the workspace's integration and its sealed key; 404 if it has none. */
  Mono<Void> delete(String workspaceId, Actor actor) {
    return scope.mono(
        workspaceId,
        db.sql(
                "delete from workspace_integrations"
                    + " where workspace_id = :workspaceId and kind = :kind returning provider")
            .bind("workspaceId", workspaceId)
            .bind("kind", KIND)
            .map(row -> Objects.requireNonNull(row.get("provider", String.class)))
            .one()
            .switchIfEmpty(Mono.error(LlmIntegrations::notConfigured))
            .flatMap(
                provider ->
                    audit.record(
                        workspaceId,
                        AuditType.INTEGRATION_CHANGED,
                        actor,
                        Map.of("provider", provider, "removed", true))));
  }

  private Mono<Long> upsert(
      String workspaceId, LlmIntegrationSettings settings, byte[] sealedKey, String hint) {
    return bindOptional(
            db.sql(
                    "insert into workspace_integrations"
                        + " (workspace_id, kind, provider, base_url, model, secret, secret_hint,"
                        + " updated_at)"
                        + " values (:workspaceId, :kind, :provider, :baseUrl, :model, :secret,"
                        + " :hint, now())"
                        + " on conflict (workspace_id, kind) do update set"
                        + " provider = excluded.provider, base_url = excluded.base_url,"
                        + " model = excluded.model, secret = excluded.secret,"
                        + " secret_hint = excluded.secret_hint, updated_at = excluded.updated_at")
                .bind("workspaceId", workspaceId)
                .bind("kind", KIND)
                .bind("provider", settings.provider().apiName())
                .bind("secret", sealedKey)
                .bind("hint", hint),
            settings)
        .fetch()
        .rowsUpdated();
  }

  private Mono<Long> updateSettings(String workspaceId, LlmIntegrationSettings settings) {
    return bindOptional(
            db.sql(
                    "update workspace_integrations set provider = :provider,"
                        + " base_url = :baseUrl, model = :model, updated_at = now()"
                        + " where workspace_id = :workspaceId and kind = :kind")
                .bind("workspaceId", workspaceId)
                .bind("kind", KIND)
                .bind("provider", settings.provider().apiName()),
            settings)
        .fetch()
        .rowsUpdated();
  }

  private static DatabaseClient.GenericExecuteSpec bindOptional(
      DatabaseClient.GenericExecuteSpec spec, LlmIntegrationSettings settings) {
    spec =
        settings.baseUrl() == null
            ? spec.bindNull("baseUrl", String.class)
            : spec.bind("baseUrl", settings.baseUrl());
    return settings.model() == null
        ? spec.bindNull("model", String.class)
        : spec.bind("model", settings.model());
  }

  private static void putIfPresent(Map<String, Object> diff, String name, @Nullable String value) {
    if (value != null) {
      diff.put(name, value);
    }
  }

  private static ResponseStatusException notConfigured() {
    return new ResponseStatusException(
        HttpStatus.NOT_FOUND, "the workspace has no LLM integration");
  }
}
