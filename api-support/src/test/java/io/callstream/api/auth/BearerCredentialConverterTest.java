package io.callstream.api.auth;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.springframework.http.HttpHeaders;
import org.springframework.mock.http.server.reactive.MockServerHttpRequest;
import org.springframework.mock.web.server.MockServerWebExchange;
import org.springframework.security.oauth2.server.resource.authentication.BearerTokenAuthenticationToken;
import reactor.test.StepVerifier;

class BearerCredentialConverterTest {

  private final BearerCredentialConverter converter = new BearerCredentialConverter();

  @Test
  void shouldLeaveRequestWithoutAuthorizationAnonymous() {
    converter
        .convert(MockServerWebExchange.from(MockServerHttpRequest.get("/v1/workspaces/ws/calls")))
        .as(StepVerifier::create)
        .verifyComplete();
  }

  @Test
  void shouldLeaveOtherSchemesToOtherAuthenticators() {
    converter
        .convert(withAuthorization("Basic dXNlcjpwYXNz"))
        .as(StepVerifier::create)
        .verifyComplete();
  }

  @Test
  void shouldReadBearerApiKeyWhateverTheSchemeCase() {
    ApiKeySecret key = ApiKeySecret.generate();

    converter
        .convert(withAuthorization("bEaReR " + key.token()))
        .as(StepVerifier::create)
        .assertNext(
            authentication -> {
              assertThat(authentication).isInstanceOf(PresentedApiKey.class);
              assertThat(((PresentedApiKey) authentication).key()).isEqualTo(key);
              assertThat(authentication.isAuthenticated()).isFalse();
            })
        .verifyComplete();
  }

  @Test
  void shouldTakeAnyOtherBearerTokenForAJwt() {
    converter
        .convert(withAuthorization("Bearer eyJhbGciOiJSUzI1NiJ9.e30.sig"))
        .as(StepVerifier::create)
        .assertNext(
            authentication -> {
              assertThat(authentication).isInstanceOf(BearerTokenAuthenticationToken.class);
              assertThat(((BearerTokenAuthenticationToken) authentication).getToken())
                  .isEqualTo("eyJhbGciOiJSUzI1NiJ9.e30.sig");
            })
        .verifyComplete();
  }

  @Test
  void shouldRejectATokenShapedLikeAnApiKeyThatIsNotOne() {
    converter
        .convert(withAuthorization("Bearer cs_short_secret"))
        .as(StepVerifier::create)
        .expectErrorSatisfies(
            error -> {
              assertThat(error)
                  .isInstanceOf(RejectedCredentialException.class)
                  .hasMessageContaining("not one")
                  .hasMessageNotContaining("cs_short_secret");
              assertThat(((RejectedCredentialException) error).reason())
                  .isEqualTo("malformed API key");
            })
        .verify();
  }

  @Test
  void shouldRejectAnEmptyBearerToken() {
    converter
        .convert(withAuthorization("Bearer    "))
        .as(StepVerifier::create)
        .expectError(RejectedCredentialException.class)
        .verify();
  }

  private static MockServerWebExchange withAuthorization(String value) {
    return MockServerWebExchange.from(
        MockServerHttpRequest.get("/v1/workspaces/ws/calls")
            .header(HttpHeaders.AUTHORIZATION, value));
  }
}
