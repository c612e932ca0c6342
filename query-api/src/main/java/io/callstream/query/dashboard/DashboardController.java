package io.callstream.query.dashboard;

import io.swagger.v3.oas.annotations.Hidden;
import java.net.URI;
import org.jspecify.annotations.Nullable;
import org.springframework.core.env.Environment;
import org.springframework.core.io.ClassPathResource;
import org.springframework.core.io.Resource;
import org.springframework.http.CacheControl;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;

/**
 * The dashboard's entry points: its page at {@code /dashboard/} (Spring serves the rest of {@code
 * static/dashboard/} by itself, but no directory's index page) and the settings it reads first.
 * Open, like the static files: no key is needed to show the sign-in form. Not part of the API
 * document.
 */
@Hidden
@RestController
public final class DashboardController {

  private static final Resource INDEX = new ClassPathResource("static/dashboard/index.html");

  private final DashboardConfigView config;

  DashboardController(Environment environment) {
    this.config = configOf(environment);
  }

  static DashboardConfigView configOf(Environment environment) {
    String issuer = blankToNull(environment.getProperty("callstream.auth.oidc.issuer-uri"));
    return new DashboardConfigView(
        issuer == null
            ? null
            : new DashboardConfigView.Oidc(
                issuer,
                blankToNull(environment.getProperty("callstream.dashboard.oidc-client-id"))),
        blankToNull(environment.getProperty("callstream.dashboard.ingest-url")));
  }

  private static @Nullable String blankToNull(@Nullable String value) {
    return value == null || value.isBlank() ? null : value;
  }

  /** Relative links in the page resolve against {@code /dashboard/}, so the slash matters. */
  @GetMapping("/dashboard")
  public Mono<ResponseEntity<Void>> redirect() {
    return Mono.just(ResponseEntity.status(301).location(URI.create("/dashboard/")).build());
  }

  @GetMapping("/dashboard/")
  public Mono<ResponseEntity<Resource>> index() {
    return Mono.just(
        ResponseEntity.ok()
            .contentType(MediaType.TEXT_HTML)
            .cacheControl(CacheControl.noCache())
            .body(INDEX));
  }

  @GetMapping(value = "/dashboard/config.json", produces = MediaType.APPLICATION_JSON_VALUE)
  public Mono<DashboardConfigView> config() {
    return Mono.just(config);
  }
}
