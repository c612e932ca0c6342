package io.callstream.api.auth;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.springframework.http.HttpHeaders;
import org.springframework.mock.http.server.reactive.MockServerHttpRequest;
import org.springframework.mock.web.server.MockServerWebExchange;
import org.springframework.security.authentication.BadCredentialsException;
import reactor.test.StepVerifier;

class BearerApiKeyConverterTest {

  private final BearerApiKeyConverter converter = new BearerApiKeyConverter();

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
  void shouldRejectBearerTokenThatIsNotAnApiKey() {
    converter
        .convert(withAuthorization("Bearer eyJhbGciOiJIUzI1NiJ9.e30.sig"))
        .as(StepVerifier::create)
        .expectErrorSatisfies(
            error ->
                assertThat(error)
                    .isInstanceOf(BadCredentialsException.class)
                    .hasMessageContaining("not a callstream API key"))
        .verify();
  }

  private static MockServerWebExchange withAuthorization(String value) {
    return MockServerWebExchange.from(
        MockServerHttpRequest.get("/v1/workspaces/ws/calls")
            .header(HttpHeaders.AUTHORIZATION, value));
  }
}
