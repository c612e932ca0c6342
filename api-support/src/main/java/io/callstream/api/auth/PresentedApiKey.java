package io.callstream.api.auth;

import java.util.List;
import org.springframework.security.authentication.AbstractAuthenticationToken;

/** A bearer API key taken from a request, not yet checked. */
final class PresentedApiKey extends AbstractAuthenticationToken {

  private static final long serialVersionUID = 1L;

  private final transient ApiKeySecret key;

  PresentedApiKey(ApiKeySecret key) {
    super(List.of());
    this.key = key;
  }

  ApiKeySecret key() {
    return key;
  }

  @Override
  public Object getCredentials() {
    return key;
  }

  @Override
  public Object getPrincipal() {
    return key.id();
  }
}
