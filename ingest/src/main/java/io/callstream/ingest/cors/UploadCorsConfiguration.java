package io.callstream.ingest.cors;

import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.core.env.Environment;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.web.cors.CorsConfiguration;
import org.springframework.web.cors.reactive.CorsWebFilter;
import org.springframework.web.cors.reactive.UrlBasedCorsConfigurationSource;

/**
 * Lets the dashboard's origins ({@code callstream.ingest.cors.allowed-origins}, comma-separated,
 * none by default) create calls and upload transcripts and audio from the browser. Spring's {@link
 * CorsWebFilter} runs before Spring Security's filter chain: a preflight carries no credential and
 * must not be refused as unauthenticated, and refusals of the real request still carry the CORS
 * headers, so the page can read their problem. A foreign origin's preflight is answered 403.
 */
@Configuration(proxyBeanMethods = false)
class UploadCorsConfiguration {

  /** The routes an upload from the browser uses; the live sockets are no browser's. */
  private static final List<String> UPLOAD_ROUTES =
      List.of(
          "/v1/workspaces/*/calls",
          "/v1/workspaces/*/calls/*/transcript",
          "/v1/workspaces/*/calls/*/audio",
          "/v1/workspaces/*/calls/*/end");

  @Bean
  @Order(Ordered.HIGHEST_PRECEDENCE + 1)
  CorsWebFilter uploadCorsFilter(Environment environment) {
    List<String> origins =
        Arrays.stream(
                environment.getProperty("callstream.ingest.cors.allowed-origins", "").split(","))
            .map(String::strip)
            .filter(origin -> !origin.isEmpty())
            .toList();
    UrlBasedCorsConfigurationSource source = new UrlBasedCorsConfigurationSource();
    if (!origins.isEmpty()) {
      CorsConfiguration cors = new CorsConfiguration();
      cors.setAllowedOrigins(origins);
      cors.setAllowedMethods(
          List.of(HttpMethod.GET.name(), HttpMethod.POST.name(), HttpMethod.PUT.name()));
      cors.setAllowedHeaders(
          List.of(
              HttpHeaders.AUTHORIZATION,
              HttpHeaders.CONTENT_TYPE,
              HttpHeaders.CONTENT_RANGE,
              "Idempotency-Key"));
      cors.setExposedHeaders(List.of(HttpHeaders.LOCATION, "Upload-Offset", HttpHeaders.RANGE));
      // the key travels in a header, never in a cookie
      cors.setAllowCredentials(false);
      cors.setMaxAge(Duration.ofMinutes(10));
      UPLOAD_ROUTES.forEach(route -> source.registerCorsConfiguration(route, cors));
    }
    return new CorsWebFilter(source);
  }
}
