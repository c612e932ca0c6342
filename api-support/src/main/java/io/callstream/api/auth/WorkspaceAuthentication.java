package io.callstream.api.auth;

import java.io.Serial;
import java.util.List;
import org.springframework.security.authentication.AbstractAuthenticationToken;
import org.springframework.security.core.authority.SimpleGrantedAuthority;

/**
 * A caller authenticated for one workspace, by an API key of it or as a signed-in member of it: its
 * principal is the workspace with the caller's role there.
 */
public final class WorkspaceAuthentication extends AbstractAuthenticationToken {

  @Serial private static final long serialVersionUID = 1L;

  private final WorkspacePrincipal principal;

  public WorkspaceAuthentication(WorkspacePrincipal principal) {
    super(List.of(new SimpleGrantedAuthority("ROLE_" + principal.role().name())));
    this.principal = principal;
    setAuthenticated(true);
  }

  @Override
  public Object getCredentials() {
    return "";
  }

  @Override
  public WorkspacePrincipal getPrincipal() {
    return principal;
  }
}
