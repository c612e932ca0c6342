package io.callstream.query.admin.settings;

import io.callstream.api.audit.Actor;
import io.callstream.api.audit.CanonicalJson;
import io.callstream.api.auth.Permission;
import io.callstream.api.auth.Permissions;
import io.callstream.api.auth.WorkspacePrincipal;
import io.callstream.api.workspace.Plan;
import java.util.Arrays;
import java.util.Objects;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ResponseStatusException;
import reactor.core.publisher.Mono;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;

/**
 * A workspace's settings: every role reads them; the owner changes retention and plan, a manager or
 * owner edits templates. Bodies arrive as text and are parsed here, after the role check, so a
 * caller without the role learns nothing from a body's errors.
 */
@RestController
public final class SettingsController {

  private static final Pattern TEMPLATE_NAME = Pattern.compile("[A-Za-z0-9 _-]{1,100}");

  /** Longer than any plan keeps and than anyone needs: a century. */
  static final int MAX_RETENTION_DAYS = 36_500;

  private final SettingsChanges changes;

  SettingsController(SettingsChanges changes) {
    this.changes = Objects.requireNonNull(changes, "changes must not be null");
  }

  /** The plan and the retention in effect ({@code retentionDays}: null keeps calls forever). */
  @GetMapping("/v1/workspaces/{workspaceId}/settings")
  public Mono<SettingsView> settings(@PathVariable String workspaceId) {
    return changes.settings(workspaceId);
  }

  /**
   * {@code {"days": 14}} keeps calls 14 days, at most as long as the plan does (else 422); {@code
   * {"days": null}} goes back to the plan's default.
   */
  @PutMapping(
      path = "/v1/workspaces/{workspaceId}/settings/retention",
      consumes = MediaType.APPLICATION_JSON_VALUE)
  public Mono<SettingsView> setRetention(
      @PathVariable String workspaceId,
      @AuthenticationPrincipal WorkspacePrincipal principal,
      @RequestBody(required = false) Mono<String> body,
      ServerHttpRequest request) {
    return objectBody(principal, Permission.MANAGE_RETENTION, body)
        .map(SettingsController::retentionDays)
        .flatMap(
            days ->
                changes.setRetention(workspaceId, days.orElseNull(), Actor.of(principal, request)));
  }

  /** {@code {"plan": "growth"}}: records the workspace's plan. */
  @PutMapping(
      path = "/v1/workspaces/{workspaceId}/settings/plan",
      consumes = MediaType.APPLICATION_JSON_VALUE)
  public Mono<SettingsView> setPlan(
      @PathVariable String workspaceId,
      @AuthenticationPrincipal WorkspacePrincipal principal,
      @RequestBody(required = false) Mono<String> body,
      ServerHttpRequest request) {
    return objectBody(principal, Permission.MANAGE_BILLING, body)
        .map(object -> plan(object.get("plan")))
        .flatMap(plan -> changes.setPlan(workspaceId, plan, Actor.of(principal, request)));
  }

  /** The workspace's analysis templates, by name. */
  @GetMapping("/v1/workspaces/{workspaceId}/templates")
  public Mono<TemplateList> templates(@PathVariable String workspaceId) {
    return changes.templates(workspaceId);
  }

  /**
   * Writes template {@code name} (1 to 100 of letters, digits, space, {@code _} and {@code -}): the
   * body is a JSON object of at most 64 KB.
   */
  @PutMapping(
      path = "/v1/workspaces/{workspaceId}/templates/{name}",
      consumes = MediaType.APPLICATION_JSON_VALUE)
  public Mono<TemplateView> putTemplate(
      @PathVariable String workspaceId,
      @PathVariable String name,
      @AuthenticationPrincipal WorkspacePrincipal principal,
      @RequestBody(required = false) Mono<String> body,
      ServerHttpRequest request) {
    return Permissions.require(principal, Permission.EDIT_TEMPLATES)
        .then(Mono.fromCallable(() -> templateName(name)))
        .then(Mono.fromRunnable(() -> TemplateBody.checkDeclaredLength(request)))
        .then(body.defaultIfEmpty(""))
        .map(TemplateBody::parse)
        .flatMap(
            template ->
                changes.putTemplate(workspaceId, name, template, Actor.of(principal, request)));
  }

  @DeleteMapping("/v1/workspaces/{workspaceId}/templates/{name}")
  @ResponseStatus(HttpStatus.NO_CONTENT)
  public Mono<Void> deleteTemplate(
      @PathVariable String workspaceId,
      @PathVariable String name,
      @AuthenticationPrincipal WorkspacePrincipal principal,
      ServerHttpRequest request) {
    return Permissions.require(principal, Permission.EDIT_TEMPLATES)
        .then(Mono.fromCallable(() -> templateName(name)))
        .flatMap(valid -> changes.deleteTemplate(workspaceId, valid, Actor.of(principal, request)));
  }

  private static String templateName(String name) {
    if (!TEMPLATE_NAME.matcher(name).matches()) {
      throw badRequest("a template name is 1 to 100 letters, digits, spaces, '_' or '-'");
    }
    return name;
  }

  /**
   * The body as a JSON object, read only once {@code principal} is found to hold {@code
   * permission}.
   */
  private static Mono<JsonNode> objectBody(
      WorkspacePrincipal principal, Permission permission, Mono<String> body) {
    return Permissions.require(principal, permission)
        .then(body.defaultIfEmpty(""))
        .map(SettingsController::object);
  }

  private static JsonNode object(String text) {
    JsonNode tree;
    try {
      tree = text.isBlank() ? null : CanonicalJson.read(text);
    } catch (JacksonException e) {
      throw badRequest("the body must be a JSON object, and this is not valid JSON");
    }
    if (tree == null || !tree.isObject()) {
      throw badRequest("the body must be a JSON object");
    }
    return tree;
  }

  private static OptionalDays retentionDays(JsonNode body) {
    JsonNode days = body.get("days");
    if (days == null) {
      throw badRequest("days is required: a number of days, or null for the plan's default");
    }
    if (days.isNull()) {
      return new OptionalDays(null);
    }
    if (!days.isIntegralNumber()
        || !days.canConvertToInt()
        || days.intValue() < 1
        || days.intValue() > MAX_RETENTION_DAYS) {
      throw badRequest(
          "days must be a whole number from 1 to "
              + MAX_RETENTION_DAYS
              + ", or null for the plan's default");
    }
    return new OptionalDays(days.intValue());
  }

  private static Plan plan(@Nullable JsonNode plan) {
    String name = plan == null || !plan.isString() ? null : plan.stringValue();
    return Plan.named(name == null ? "" : name)
        .orElseThrow(
            () ->
                badRequest(
                    "plan must be one of "
                        + Arrays.stream(Plan.values()).map(Plan::storedName).toList()));
  }

  private static ResponseStatusException badRequest(String detail) {
    return new ResponseStatusException(HttpStatus.BAD_REQUEST, detail);
  }

  /** Days or none: Reactor carries no null, and null here means "the plan's default". */
  private record OptionalDays(@Nullable Integer value) {

    @Nullable Integer orElseNull() {
      return value;
    }
  }
}
