package io.callstream.ingest.idempotency;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class IdempotencyKeyTest {

  @Test
  void shouldReadBareKey() {
    assertThat(IdempotencyKey.parse(List.of("8e03978e-40d5-43e8-bc93-6894a57f9324")).value())
        .isEqualTo("8e03978e-40d5-43e8-bc93-6894a57f9324");
  }

  @Test
  void shouldReadStructuredFieldStringAsTheSameKeyAsItsBareValue() {
    assertThat(IdempotencyKey.parse(List.of("\"8e03978e-40d5\"")))
        .isEqualTo(IdempotencyKey.parse(List.of("8e03978e-40d5")));
  }

  @Test
  void shouldUnescapeQuoteAndBackslashInStructuredFieldString() {
    assertThat(IdempotencyKey.parse(List.of("\"a\\\"b\\\\c\"")).value()).isEqualTo("a\"b\\c");
  }

  @Test
  void shouldIgnoreWhitespaceAroundTheValue() {
    assertThat(IdempotencyKey.parse(List.of("  key-1 \t")).value()).isEqualTo("key-1");
  }

  @Test
  void shouldAcceptKeyOfExactly255Characters() {
    assertThat(IdempotencyKey.parse(List.of("k".repeat(255))).value()).hasSize(255);
  }

  @Test
  void shouldRejectKeyLongerThan255CharactersSayingHowLong() {
    assertThatThrownBy(() -> IdempotencyKey.parse(List.of("k".repeat(256))))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("Idempotency-Key must have at most 255 characters, it has 256");
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "   ", "\"\""})
  void shouldRejectEmptyOrBlankKey(String value) {
    assertThatThrownBy(() -> IdempotencyKey.parse(List.of(value)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("Idempotency-Key must not be");
  }

  @ParameterizedTest
  @ValueSource(strings = {"key\u0000", "ke\u0007y", "caf\u00e9", "key\u007f", "\"k\u0001\""})
  void shouldRejectKeyThatIsNotPrintableAscii(String value) {
    assertThatThrownBy(() -> IdempotencyKey.parse(List.of(value)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("must be printable ASCII; character")
        .hasMessageContaining("is U+");
  }

  @ParameterizedTest
  @ValueSource(strings = {"\"open", "\"a\"b", "\"a\\b\""})
  void shouldRejectMalformedStructuredFieldString(String value) {
    assertThatThrownBy(() -> IdempotencyKey.parse(List.of(value)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("Idempotency-Key");
  }

  @Test
  void shouldRejectTwoKeyHeaders() {
    assertThatThrownBy(() -> IdempotencyKey.parse(List.of("a", "b")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("send one Idempotency-Key header, not 2");
  }
}
