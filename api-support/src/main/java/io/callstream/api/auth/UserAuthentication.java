package io.callstream.api.auth;

import java.io.Serial;
import java.util.List;
import org.springframework.security.authentication.AbstractAuthenticationToken;

/**
 * A signed-in user outside any workspace, or on a workspace they are no member of (which the
 * workspace routes then refuse with 404).
 */
public final class UserAuthentication extends AbstractAuthenticationToken {

  @Serial private static final long serialVersionUID = 1L;

  private final SignedInUser user;

  public UserAuthentication(SignedInUser user) {
    super(List.of());
    this.user = user;
    setAuthenticated(true);
  }

  @Override
  public Object getCredentials() {
    return "";
  }

  @Override
  public SignedInUser getPrincipal() {
    return user;
  }
}
