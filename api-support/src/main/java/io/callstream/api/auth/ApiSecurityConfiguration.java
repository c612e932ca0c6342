package io.callstream.api.auth;

import io.callstream.api.problem.ProblemResponses;
import io.callstream.api.tenancy.WorkspaceScope;
import java.time.Clock;
import org.jspecify.annotations.Nullable;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.core.env.Environment;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.security.authentication.AuthenticationServiceException;
import org.springframework.security.config.annotation.web.reactive.EnableWebFluxSecurity;
import org.springframework.security.config.web.server.SecurityWebFiltersOrder;
import org.springframework.security.config.web.server.ServerHttpSecurity;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.core.context.ReactiveSecurityContextHolder;
import org.springframework.security.web.server.SecurityWebFilterChain;
import org.springframework.security.web.server.authentication.AuthenticationWebFilter;
import org.springframework.security.web.server.context.NoOpServerSecurityContextRepository;
import org.springframework.security.web.server.firewall.ServerExchangeRejectedHandler;
import org.springframework.security.web.server.savedrequest.NoOpServerRequestCache;
import org.springframework.web.filter.reactive.ServerWebExchangeContextFilter;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;
import tools.jackson.databind.json.JsonMapper;

/**
 * Stateless security for the public API. One credential, {@code Authorization: Bearer}: a workspace
 * API key ({@code cs_...}) or a signed-in user's JWT from the configured OIDC issuer ({@link
 * OidcSettings}). Every {@code /v1/workspaces/{workspaceId}/**} request needs a credential of that
 * workspace (for a JWT: a membership in it); another workspace's route answers 404, as if it did
 * not exist. {@code /v1/me} and accepting an invitation need a signed-in user. Health and the
 * OpenAPI document (the query API's) are open; errors are problem+json; refusals go to {@link
 * SecurityEvents}.
 */
@Configuration(proxyBeanMethods = false)
@EnableWebFluxSecurity
public class ApiSecurityConfiguration {

  @Bean
  ApiKeyRepository apiKeyRepository(DatabaseClient db, WorkspaceScope scope) {
    return new ApiKeyRepository(db, scope);
  }

  @Bean
  UserDirectory userDirectory(DatabaseClient db, WorkspaceScope scope) {
    return new UserDirectory(db, scope);
  }

  @Bean
  ProblemResponses problemResponses(JsonMapper json) {
    return new ProblemResponses(json);
  }

  /** Puts the exchange in the Reactor context, where {@link Permissions} logs a refusal's route. */
  @Bean
  @Order(Ordered.HIGHEST_PRECEDENCE)
  ServerWebExchangeContextFilter serverWebExchangeContextFilter() {
    return new ServerWebExchangeContextFilter();
  }

  /**
   * The firewall's rejection (an encoded slash or NUL in the URL, say) as a problem, not an empty
   * 400; Spring Security's filter chain proxy picks this bean up.
   */
  @Bean
  ServerExchangeRejectedHandler exchangeRejectedHandler(ProblemResponses problems) {
    return (exchange, rejected) ->
        problems.write(
            exchange,
            HttpStatus.BAD_REQUEST,
            "Bad Request",
            "the request URL contains a character sequence the API does not accept");
  }

  @Bean
  SecurityWebFilterChain apiSecurity(
      ServerHttpSecurity http,
      ApiKeyRepository keys,
      UserDirectory users,
      ProblemResponses problems,
      Environment environment) {
    OidcSettings oidc = OidcSettings.from(environment);
    var credentials =
        new AuthenticationWebFilter(
            new CredentialAuthentication(
                new ApiKeyAuthenticationManager(keys, Clock.systemUTC()),
                oidc == null
                    ? null
                    : new JwtAuthenticationManager(JwtDecoding.decoder(oidc), users)));
    credentials.setServerAuthenticationConverter(new BearerCredentialConverter());
    credentials.setSecurityContextRepository(NoOpServerSecurityContextRepository.getInstance());
    credentials.setAuthenticationFailureHandler(
        (filterExchange, failure) -> refuse(problems, filterExchange.getExchange(), failure));
    return http.csrf(ServerHttpSecurity.CsrfSpec::disable)
        .httpBasic(ServerHttpSecurity.HttpBasicSpec::disable)
        .formLogin(ServerHttpSecurity.FormLoginSpec::disable)
        .logout(ServerHttpSecurity.LogoutSpec::disable)
        .securityContextRepository(NoOpServerSecurityContextRepository.getInstance())
        // stateless: the default request cache would open a web session on every request
        .requestCache(cache -> cache.requestCache(NoOpServerRequestCache.getInstance()))
        .addFilterAt(credentials, SecurityWebFiltersOrder.AUTHENTICATION)
        .authorizeExchange(
            exchanges ->
                exchanges
                    .pathMatchers("/actuator/health", "/actuator/health/**")
                    .permitAll()
                    .pathMatchers(HttpMethod.GET, "/v1/openapi.json")
                    .permitAll()
                    // the dashboard's static files (query API): it signs in with a key itself
                    .pathMatchers(HttpMethod.GET, "/dashboard", "/dashboard/**", "/webjars/**")
                    .permitAll()
                    .pathMatchers("/v1/me", "/v1/me/**", "/v1/invitations/accept")
                    .access(new SignedInUserOnly())
                    .pathMatchers(WorkspacePath.PATTERN)
                    .access(new SameWorkspace())
                    .anyExchange()
                    .authenticated())
        .exceptionHandling(
            errors ->
                errors
                    .authenticationEntryPoint(
                        (exchange, failure) ->
                            problems.write(
                                exchange,
                                HttpStatus.UNAUTHORIZED,
                                "Unauthorized",
                                "send a workspace API key as 'Authorization: Bearer cs_...'"
                                    + " or a signed-in user's token as 'Authorization: Bearer"
                                    + " <JWT>'"))
                    .accessDeniedHandler((exchange, denied) -> deny(problems, exchange)))
        .build();
  }

  /** A refused credential: 401, or 503 when the issuer's keys cannot be fetched. */
  private static Mono<Void> refuse(
      ProblemResponses problems, ServerWebExchange exchange, AuthenticationException failure) {
    if (failure instanceof AuthenticationServiceException) {
      SecurityEvents.authenticationFailed(exchange, "issuer unavailable", null);
      exchange.getResponse().getHeaders().set(HttpHeaders.RETRY_AFTER, "5");
      return problems.write(
          exchange, HttpStatus.SERVICE_UNAVAILABLE, "Service Unavailable", failure.getMessage());
    }
    if (failure instanceof RejectedCredentialException rejected) {
      SecurityEvents.authenticationFailed(exchange, rejected.reason(), rejected.credential());
    } else {
      SecurityEvents.authenticationFailed(exchange, failure.getClass().getSimpleName(), null);
    }
    return problems.write(exchange, HttpStatus.UNAUTHORIZED, "Unauthorized", failure.getMessage());
  }

  /**
   * A caller refused by the routes' rules: on a workspace's route, 404 (another workspace's objects
   * do not exist for it); elsewhere 403.
   */
  private static Mono<Void> deny(ProblemResponses problems, ServerWebExchange exchange) {
    String workspaceId = WorkspacePath.workspaceId(exchange);
    return ReactiveSecurityContextHolder.getContext()
        .map(context -> describe(context.getAuthentication()))
        .defaultIfEmpty("anonymous")
        .flatMap(
            principal -> {
              if (workspaceId != null) {
                SecurityEvents.accessDenied(
                    exchange, HttpStatus.NOT_FOUND.value(), principal, workspaceId, null);
                return problems.write(
                    exchange,
                    HttpStatus.NOT_FOUND,
                    "Not Found",
                    "no such resource in this workspace");
              }
              SecurityEvents.accessDenied(
                  exchange,
                  HttpStatus.FORBIDDEN.value(),
                  principal,
                  null,
                  "needs a signed-in user");
              return problems.write(
                  exchange,
                  HttpStatus.FORBIDDEN,
                  "Forbidden",
                  "this route is a signed-in user's: send the user's OAuth2 token, not an API key");
            });
  }

  private static String describe(@Nullable Authentication authentication) {
    if (authentication == null) {
      return "anonymous";
    }
    Object principal = authentication.getPrincipal();
    if (principal instanceof WorkspacePrincipal workspace) {
      return workspace.credentialId() + " of " + workspace.workspaceId();
    }
    if (principal instanceof SignedInUser user) {
      return user.credentialId();
    }
    return "anonymous";
  }
}
