package io.callstream.api.problem;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;

class ServiceUnavailableExceptionTest {

  @Test
  void shouldRoundRetryAfterUpToWholeSeconds() {
    assertThat(ServiceUnavailableException.retryAfterSeconds(Duration.ofSeconds(5))).isEqualTo(5);
    assertThat(ServiceUnavailableException.retryAfterSeconds(Duration.ofMillis(5_001)))
        .isEqualTo(6);
    assertThat(ServiceUnavailableException.retryAfterSeconds(Duration.ofMillis(1))).isEqualTo(1);
  }

  @Test
  void shouldNeverTellAClientToRetryAtOnce() {
    assertThat(ServiceUnavailableException.retryAfterSeconds(Duration.ZERO)).isEqualTo(1);
  }

  @Test
  void shouldRejectNegativeRetryAfter() {
    assertThatThrownBy(() -> ServiceUnavailableException.retryAfterSeconds(Duration.ofSeconds(-1)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("must not be negative");
  }

  @Test
  void shouldCarry503TitleDetailAndRetryAfter() {
    ServiceUnavailableException unavailable =
        new ServiceUnavailableException("Kafka is down", Duration.ofSeconds(3), null);

    assertThat(unavailable.getStatusCode()).isEqualTo(HttpStatus.SERVICE_UNAVAILABLE);
    assertThat(unavailable.getBody().getTitle()).isEqualTo("Service Unavailable");
    assertThat(unavailable.getBody().getDetail()).isEqualTo("Kafka is down");
    assertThat(unavailable.getHeaders().getFirst(HttpHeaders.RETRY_AFTER)).isEqualTo("3");
  }
}
