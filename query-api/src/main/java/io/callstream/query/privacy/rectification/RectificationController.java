package io.callstream.query.privacy.rectification;

import io.callstream.api.audit.Actor;
import io.callstream.api.auth.Permission;
import io.callstream.api.auth.Permissions;
import io.callstream.api.auth.WorkspacePrincipal;
import java.util.Objects;
import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpStatus;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ResponseStatusException;
import reactor.core.publisher.Mono;

/**
 * Rectification routes (Manager or Owner): {@code PATCH .../calls/{callId}/speakers} renames a
 * speaker of the call, {@code PATCH .../calls/{callId}/insights/{insightId}} replaces an insight's
 * text. 404 for a call, speaker or insight the workspace does not hold; 400 for a blank or overlong
 * value.
 */
@RestController
public final class RectificationController {

  /** Longest speaker name accepted: a label or a person's name, not a paragraph. */
  static final int MAX_SPEAKER_LENGTH = 200;

  /** Longest insight text accepted. */
  static final int MAX_INSIGHT_LENGTH = 10_000;

  private final Rectification rectification;

  RectificationController(Rectification rectification) {
    this.rectification = Objects.requireNonNull(rectification, "rectification must not be null");
  }

  @PatchMapping("/v1/workspaces/{workspaceId}/calls/{callId}/speakers")
  public Mono<SpeakerRenamed> renameSpeaker(
      @PathVariable String workspaceId,
      @PathVariable String callId,
      @RequestBody SpeakerRename body,
      @AuthenticationPrincipal WorkspacePrincipal principal,
      ServerHttpRequest request) {
    return Permissions.require(principal, Permission.RECTIFY_CALLS)
        .then(
            Mono.defer(
                () -> {
                  String from = checked("from", body.from(), MAX_SPEAKER_LENGTH);
                  String to = checked("to", body.to(), MAX_SPEAKER_LENGTH);
                  if (from.equals(to)) {
                    throw badRequest("from and to must differ");
                  }
                  return rectification.renameSpeaker(
                      workspaceId, callId, from, to, Actor.of(principal, request));
                }))
        .switchIfEmpty(Mono.error(() -> notFound("no such call in this workspace")))
        .flatMap(
            renamed ->
                renamed.changedAnything()
                    ? Mono.just(renamed)
                    : Mono.error(notFound("the call has no speaker of that name")));
  }

  @PatchMapping("/v1/workspaces/{workspaceId}/calls/{callId}/insights/{insightId}")
  public Mono<EditedInsight> editInsight(
      @PathVariable String workspaceId,
      @PathVariable String callId,
      @PathVariable String insightId,
      @RequestBody InsightEdit body,
      @AuthenticationPrincipal WorkspacePrincipal principal,
      ServerHttpRequest request) {
    return Permissions.require(principal, Permission.RECTIFY_CALLS)
        .then(
            Mono.defer(
                () ->
                    rectification.editInsight(
                        workspaceId,
                        callId,
                        insightId,
                        checked("text", body.text(), MAX_INSIGHT_LENGTH),
                        Actor.of(principal, request))))
        .switchIfEmpty(Mono.error(() -> notFound("no such insight of this call")));
  }

  /**
   * {@code value}, trimmed; a 400 if it is missing, blank, too long or holds control characters.
   */
  private static String checked(String name, @Nullable String value, int maxLength) {
    if (value == null || value.isBlank()) {
      throw badRequest(name + " must not be blank");
    }
    String trimmed = value.strip();
    if (trimmed.length() > maxLength) {
      throw badRequest(name + " must be at most " + maxLength + " characters");
    }
    if (trimmed.chars().anyMatch(c -> Character.isISOControl(c) && c != '\n' && c != '\t')) {
      throw badRequest(name + " must not contain control characters");
    }
    return trimmed;
  }

  private static ResponseStatusException badRequest(String detail) {
    return new ResponseStatusException(HttpStatus.BAD_REQUEST, detail);
  }

  private static ResponseStatusException notFound(String detail) {
    return new ResponseStatusException(HttpStatus.NOT_FOUND, detail);
  }
}
