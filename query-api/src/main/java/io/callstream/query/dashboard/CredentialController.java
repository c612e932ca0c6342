package io.callstream.query.dashboard;

import io.callstream.api.auth.SignedInUser;
import io.callstream.api.auth.WorkspacePrincipal;
import org.springframework.http.HttpStatus;
import org.springframework.security.core.Authentication;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ResponseStatusException;
import reactor.core.publisher.Mono;

/**
 * Tells a client whose credential it holds: the dashboard signs in with nothing but an API key and
 * finds the key's workspace here. Any authenticated caller, any role.
 */
@RestController
public final class CredentialController {

  @GetMapping("/v1/credential")
  public Mono<CredentialView> credential(Authentication authentication) {
    Object principal = authentication.getPrincipal();
    if (principal instanceof WorkspacePrincipal workspace) {
      return Mono.just(
          new CredentialView(
              workspace.workspaceId(), workspace.role().name(), workspace.credentialId()));
    }
    if (principal instanceof SignedInUser user) {
      return Mono.just(new CredentialView(null, null, user.credentialId()));
    }
    // the security chain lets no other caller through; should one come, it is not signed in
    return Mono.error(new ResponseStatusException(HttpStatus.UNAUTHORIZED, "no credential"));
  }
}
