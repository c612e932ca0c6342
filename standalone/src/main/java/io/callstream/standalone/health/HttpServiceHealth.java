package io.callstream.standalone.health;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.ReactiveHealthIndicator;
import reactor.core.publisher.Mono;

/** Up when another service's own health endpoint answers 200. */
public final class HttpServiceHealth implements ReactiveHealthIndicator {

  private static final HttpClient CLIENT =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

  private final URI healthUrl;

  public HttpServiceHealth(URI healthUrl) {
    this.healthUrl = healthUrl;
  }

  @Override
  public Mono<Health> health() {
    HttpRequest request = HttpRequest.newBuilder(healthUrl).timeout(Duration.ofSeconds(3)).build();
    return Mono.fromFuture(CLIENT.sendAsync(request, HttpResponse.BodyHandlers.discarding()))
        .map(
            response ->
                (response.statusCode() == 200 ? Health.up() : Health.down())
                    .withDetail("url", healthUrl.toString())
                    .withDetail("httpStatus", response.statusCode())
                    .build())
        .onErrorResume(failure -> Mono.just(Health.down(failure).build()));
  }
}
