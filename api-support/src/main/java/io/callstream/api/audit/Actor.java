package io.callstream.api.audit;

import io.callstream.api.auth.WorkspacePrincipal;
import java.net.InetSocketAddress;
import org.jspecify.annotations.Nullable;
import org.springframework.http.server.reactive.ServerHttpRequest;

/**
 * Who did something, for the audit log: a credential ({@code key:<id>} or {@code user:<id>}) or the
 * system ({@code system:<job>}), and the address the request came from (null for the system).
 */
public record Actor(String id, @Nullable String sourceIp) {

  public Actor {
    if (id == null || id.isBlank()) {
      throw new IllegalArgumentException("an actor needs an id");
    }
  }

  /** The caller of {@code request}, authenticated as {@code principal}. */
  public static Actor of(WorkspacePrincipal principal, ServerHttpRequest request) {
    InetSocketAddress remote = request.getRemoteAddress();
    String ip =
        remote == null || remote.getAddress() == null ? null : remote.getAddress().getHostAddress();
    return new Actor(principal.credentialId(), ip);
  }

  /** A scheduled job of the service itself, such as the retention purge. */
  public static Actor system(String job) {
    return new Actor("system:" + job, null);
  }
}
