package io.callstream.api.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.HashSet;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class ApiKeySecretTest {

  /** A well-formed token: 12 lowercase id characters, 43 base64url secret characters. */
  private static final String ID = "abcdefgh1234";

  private static final String SECRET = "A".repeat(40) + "b-_";

  @Test
  void shouldRoundTripGeneratedTokenThroughParse() {
    ApiKeySecret key = ApiKeySecret.generate();

    assertThat(key.token()).matches("cs_[a-z0-9]{12}_[A-Za-z0-9_-]{43}");
    assertThat(ApiKeySecret.parse(key.token())).contains(key);
  }

  @Test
  void shouldIgnoreWhitespaceAroundPresentedToken() {
    ApiKeySecret key = ApiKeySecret.generate();

    assertThat(ApiKeySecret.parse("  " + key.token() + "\t\n")).contains(key);
  }

  @Test
  void shouldDrawA256BitSecretAndIdThatDifferForEveryKey() {
    Set<String> ids = new HashSet<>();
    Set<String> secrets = new HashSet<>();
    for (int i = 0; i < 1_000; i++) {
      ApiKeySecret key = ApiKeySecret.generate();
      assertThat(Base64.getUrlDecoder().decode(key.secret())).hasSize(32);
      ids.add(key.id());
      secrets.add(key.secret());
    }

    assertThat(secrets).hasSize(1_000);
    // 36^12 ids: a collision among a thousand would be a broken random source
    assertThat(ids).hasSize(1_000);
  }

  @Test
  void shouldHashTheSecretWithSha256() throws Exception {
    ApiKeySecret key = new ApiKeySecret(ID, SECRET);

    assertThat(key.hash())
        .isEqualTo(
            MessageDigest.getInstance("SHA-256").digest(SECRET.getBytes(StandardCharsets.US_ASCII)))
        .hasSize(32);
  }

  @Test
  void shouldMatchTheHashOfItsOwnSecret() {
    ApiKeySecret key = ApiKeySecret.generate();

    assertThat(key.matches(key.hash())).isTrue();
    assertThat(ApiKeySecret.parse(key.token()).orElseThrow().matches(key.hash())).isTrue();
  }

  @Test
  void shouldNotMatchTheHashOfAnotherSecret() {
    ApiKeySecret key = ApiKeySecret.generate();
    ApiKeySecret sameIdOtherSecret = new ApiKeySecret(key.id(), ApiKeySecret.generate().secret());

    assertThat(sameIdOtherSecret.matches(key.hash())).isFalse();
    assertThat(ApiKeySecret.generate().matches(key.hash())).isFalse();
    assertThat(key.matches(new byte[0])).isFalse();
    assertThat(key.matches(key.secret().getBytes(StandardCharsets.US_ASCII))).isFalse();
  }

  @Test
  void shouldNeverPrintTheSecret() {
    ApiKeySecret key = ApiKeySecret.generate();

    assertThat(key.toString())
        .contains(key.id())
        .doesNotContain(key.secret())
        .doesNotContain(key.token());
  }

  static Stream<String> malformedTokens() {
    String token = "cs_" + ID + "_" + SECRET;
    return Stream.of(
        "",
        "   ",
        "cs_",
        "cs__",
        ID,
        SECRET,
        // no prefix, another prefix, other separators
        ID + "_" + SECRET,
        "sk_" + ID + "_" + SECRET,
        "CS_" + ID + "_" + SECRET,
        "cs-" + ID + "-" + SECRET,
        "cs_" + ID + SECRET,
        // id too short, too long, not lowercase, outside the alphabet
        "cs_" + ID.substring(1) + "_" + SECRET,
        "cs_" + ID + "x_" + SECRET,
        "cs_" + ID.toUpperCase(Locale.ROOT) + "_" + SECRET,
        "cs_abcdefgh-234_" + SECRET,
        // secret too short, too long, outside base64url, padded
        token.substring(0, token.length() - 1),
        token + "A",
        "cs_" + ID + "_" + SECRET.substring(0, 41) + "+/",
        "cs_" + ID + "_" + SECRET.substring(0, 42) + "=",
        // whitespace inside, a second token behind it, a scheme left in front
        "cs_" + ID + "_" + SECRET.substring(0, 20) + " " + SECRET.substring(21),
        token + " " + token,
        "Bearer " + token);
  }

  @ParameterizedTest
  @MethodSource("malformedTokens")
  void shouldRejectMalformedToken(String presented) {
    assertThat(ApiKeySecret.parse(presented)).isEmpty();
  }

  @Test
  void shouldAcceptTheWellFormedTokenTheMalformedOnesAreMadeFrom() {
    assertThat(ApiKeySecret.parse("cs_" + ID + "_" + SECRET))
        .contains(new ApiKeySecret(ID, SECRET));
  }

  @Test
  void shouldRejectMissingIdOrSecret() {
    assertThatThrownBy(() -> new ApiKeySecret(null, SECRET))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("must not be null");
    assertThatThrownBy(() -> new ApiKeySecret(ID, null))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
