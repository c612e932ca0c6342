package io.callstream.query.admin.settings;

import io.callstream.api.audit.Actor;
import io.callstream.api.audit.AuditLog;
import io.callstream.api.audit.AuditType;
import io.callstream.api.audit.CanonicalJson;
import io.callstream.api.tenancy.WorkspaceScope;
import io.callstream.api.workspace.Plan;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpStatus;
import org.springframework.web.server.ResponseStatusException;
import reactor.core.publisher.Mono;

/**
 * Reads and changes a workspace's settings and templates: each change in one transaction of the
 * workspace's scope that also records its audit entry, so a change and its entry commit together or
 * not at all. Thread-safe.
 */
final class SettingsChanges {

  private final SettingsRepository settings;
  private final WorkspaceScope scope;
  private final AuditLog audit;

  SettingsChanges(SettingsRepository settings, WorkspaceScope scope, AuditLog audit) {
    this.settings = Objects.requireNonNull(settings, "settings must not be null");
    this.scope = Objects.requireNonNull(scope, "scope must not be null");
    this.audit = Objects.requireNonNull(audit, "audit must not be null");
  }

  Mono<SettingsView> settings(String workspaceId) {
    return scope
        .mono(workspaceId, settings.settings(workspaceId))
        .switchIfEmpty(Mono.error(SettingsChanges::noWorkspace))
        .map(SettingsView::of);
  }

  /**
   * Sets the workspace's own retention, or with null goes back to its plan's default. A workspace
   * may keep calls shorter than its plan does, never longer (422).
   */
  Mono<SettingsView> setRetention(String workspaceId, @Nullable Integer days, Actor actor) {
    return scope.mono(
        workspaceId,
        locked(workspaceId)
            .flatMap(
                current -> {
                  if (days != null && WorkspaceSettings.exceedsPlan(current.plan(), days)) {
                    return Mono.error(
                        new ResponseStatusException(
                            HttpStatus.UNPROCESSABLE_CONTENT,
                            "the "
                                + current.plan().storedName()
                                + " plan keeps calls "
                                + current.plan().retentionDays().getAsInt()
                                + " days; a workspace may shorten its retention, not lengthen"
                                + " it"));
                  }
                  WorkspaceSettings next = new WorkspaceSettings(current.plan(), days);
                  return settings
                      .update(workspaceId, next)
                      .then(
                          audit.record(
                              workspaceId,
                              AuditType.RETENTION_CHANGED,
                              actor,
                              fromTo(current.retentionOverride(), days)))
                      .thenReturn(SettingsView.of(next));
                }));
  }

  /**
   * Records the workspace's plan (billing itself comes later). An own retention longer than the new
   * plan keeps is dropped, and that is audited as a retention change of its own.
   */
  Mono<SettingsView> setPlan(String workspaceId, Plan plan, Actor actor) {
    return scope.mono(
        workspaceId,
        locked(workspaceId)
            .flatMap(
                current -> {
                  Integer override = current.retentionOverride();
                  boolean dropOverride =
                      override != null && WorkspaceSettings.exceedsPlan(plan, override);
                  WorkspaceSettings next =
                      new WorkspaceSettings(plan, dropOverride ? null : override);
                  Mono<Void> retentionEntry =
                      dropOverride
                          ? audit.record(
                              workspaceId,
                              AuditType.RETENTION_CHANGED,
                              actor,
                              withReason(fromTo(override, null), "longer than the new plan keeps"))
                          : Mono.empty();
                  return settings
                      .update(workspaceId, next)
                      .then(
                          audit.record(
                              workspaceId,
                              AuditType.PLAN_CHANGED,
                              actor,
                              fromTo(current.plan().storedName(), plan.storedName())))
                      .then(retentionEntry)
                      .thenReturn(SettingsView.of(next));
                }));
  }

  Mono<TemplateList> templates(String workspaceId) {
    return scope
        .flux(workspaceId, settings.templates(workspaceId))
        .map(SettingsChanges::view)
        .collectList()
        .map(TemplateList::new);
  }

  /** Writes the template, new or over the old one; the audit entry holds digests, not bodies. */
  Mono<TemplateView> putTemplate(String workspaceId, String name, TemplateBody body, Actor actor) {
    return scope.mono(
        workspaceId,
        settings
            .bodyForUpdate(workspaceId, name)
            .map(old -> Optional.of(TemplateBody.stored(old).digest()))
            .defaultIfEmpty(Optional.empty())
            .flatMap(
                oldDigest ->
                    settings
                        .put(workspaceId, name, body.json())
                        .flatMap(
                            stored ->
                                audit
                                    .record(
                                        workspaceId,
                                        AuditType.TEMPLATE_CHANGED,
                                        actor,
                                        withName(
                                            fromTo(oldDigest.orElse(null), body.digest()), name))
                                    .thenReturn(view(stored)))));
  }

  /** Deletes the template; 404 when the workspace has none of that name. */
  Mono<Void> deleteTemplate(String workspaceId, String name, Actor actor) {
    return scope.mono(
        workspaceId,
        settings
            .delete(workspaceId, name)
            .switchIfEmpty(
                Mono.error(
                    () ->
                        new ResponseStatusException(
                            HttpStatus.NOT_FOUND, "no template of that name in this workspace")))
            .flatMap(
                old ->
                    audit.record(
                        workspaceId,
                        AuditType.TEMPLATE_CHANGED,
                        actor,
                        withName(fromTo(TemplateBody.stored(old).digest(), null), name))));
  }

  private Mono<WorkspaceSettings> locked(String workspaceId) {
    return settings
        .settingsForUpdate(workspaceId)
        .switchIfEmpty(Mono.error(SettingsChanges::noWorkspace));
  }

  private static TemplateView view(SettingsRepository.StoredTemplate stored) {
    return new TemplateView(stored.name(), CanonicalJson.read(stored.body()), stored.updatedAt());
  }

  private static Map<String, Object> fromTo(@Nullable Object from, @Nullable Object to) {
    Map<String, Object> diff = new LinkedHashMap<>();
    diff.put("from", from);
    diff.put("to", to);
    return diff;
  }

  private static Map<String, Object> withName(Map<String, Object> diff, String name) {
    diff.put("name", name);
    return diff;
  }

  private static Map<String, Object> withReason(Map<String, Object> diff, String reason) {
    diff.put("reason", reason);
    return diff;
  }

  private static ResponseStatusException noWorkspace() {
    return new ResponseStatusException(HttpStatus.NOT_FOUND, "no such workspace");
  }
}
