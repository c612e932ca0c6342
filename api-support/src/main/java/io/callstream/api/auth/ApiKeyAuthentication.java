package io.callstream.api.auth;

import java.util.List;
import org.springframework.security.authentication.AbstractAuthenticationToken;
import org.springframework.security.core.authority.SimpleGrantedAuthority;

/** An authenticated API key: its principal is the workspace it belongs to, with its role. */
public final class ApiKeyAuthentication extends AbstractAuthenticationToken {

  private static final long serialVersionUID = 1L;

  private final WorkspacePrincipal principal;

  public ApiKeyAuthentication(WorkspacePrincipal principal) {
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
