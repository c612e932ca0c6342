package io.callstream.query.admin.members;

import io.callstream.api.auth.SignedInUser;
import io.callstream.api.auth.UserDirectory;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;

/** The signed-in user's own routes (a JWT, not an API key). */
@RestController
public final class MeController {

  private final UserDirectory users;

  MeController(UserDirectory users) {
    this.users = users;
  }

  @GetMapping("/v1/me")
  public Mono<MeView> me(@AuthenticationPrincipal SignedInUser user) {
    return Mono.just(new MeView(user.userId(), user.issuer(), user.subject(), user.email()));
  }

  /** Signs the user out everywhere: every token issued before now is refused. */
  @PostMapping("/v1/me/sessions/revoke")
  public Mono<ResponseEntity<Void>> revokeSessions(@AuthenticationPrincipal SignedInUser user) {
    return users.revokeSessions(user.userId()).thenReturn(ResponseEntity.noContent().build());
  }
}
