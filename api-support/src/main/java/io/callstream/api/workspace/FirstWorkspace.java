package io.callstream.api.workspace;

import io.callstream.api.auth.ApiKeyRepository;
import io.callstream.api.auth.ApiKeySecret;
import io.callstream.api.auth.Role;
import io.callstream.api.tenancy.WorkspaceScope;
import java.security.SecureRandom;
import java.util.Objects;
import reactor.core.publisher.Mono;

/**
 * Gives a fresh installation its first workspace and an Owner API key, so a new user can call the
 * API at once. The key is returned once, here, and never again.
 */
public final class FirstWorkspace {

  private static final SecureRandom RANDOM = new SecureRandom();

  private final WorkspaceRepository workspaces;
  private final ApiKeyRepository keys;
  private final WorkspaceScope scope;

  public FirstWorkspace(
      WorkspaceRepository workspaces, ApiKeyRepository keys, WorkspaceScope scope) {
    this.workspaces = Objects.requireNonNull(workspaces, "workspaces must not be null");
    this.keys = Objects.requireNonNull(keys, "keys must not be null");
    this.scope = Objects.requireNonNull(scope, "scope must not be null");
  }

  /** Creates the workspace and key when none exists yet; otherwise names the existing one. */
  public Mono<Bootstrap> ensure() {
    return workspaces
        .first()
        .map(existing -> new Bootstrap(existing, null))
        .switchIfEmpty(Mono.defer(this::create));
  }

  private Mono<Bootstrap> create() {
    String workspaceId = "ws_" + Long.toString(RANDOM.nextLong() & Long.MAX_VALUE, 36);
    ApiKeySecret key = ApiKeySecret.generate();
    // one transaction in the new workspace's scope: both or neither
    return scope
        .mono(
            workspaceId,
            workspaces
                .insert(workspaceId, "My workspace", "free")
                .then(keys.insert(workspaceId, key, "bootstrap owner key", Role.OWNER)))
        .thenReturn(new Bootstrap(workspaceId, key.token()));
  }

  /**
   * The first workspace; {@code ownerKey} is set only on the start that created it.
   *
   * @param workspaceId the workspace
   * @param ownerKey the one-time Owner API key, or null when it was shown before
   */
  public record Bootstrap(String workspaceId, String ownerKey) {}
}
