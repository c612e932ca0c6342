package io.callstream.api.auth;

import io.callstream.api.problem.ProblemResponses;
import java.time.Clock;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.security.config.annotation.web.reactive.EnableWebFluxSecurity;
import org.springframework.security.config.web.server.SecurityWebFiltersOrder;
import org.springframework.security.config.web.server.ServerHttpSecurity;
import org.springframework.security.web.server.SecurityWebFilterChain;
import org.springframework.security.web.server.authentication.AuthenticationWebFilter;
import org.springframework.security.web.server.context.NoOpServerSecurityContextRepository;
import org.springframework.security.web.server.firewall.ServerExchangeRejectedHandler;
import org.springframework.security.web.server.savedrequest.NoOpServerRequestCache;
import tools.jackson.databind.json.JsonMapper;

/**
 * Stateless security for the public API: every {@code /v1/workspaces/{workspaceId}/**} request
 * needs a credential of that workspace; health and the OpenAPI document (the query API's) are open;
 * errors are problem+json.
 */
@Configuration(proxyBeanMethods = false)
@EnableWebFluxSecurity
public class ApiSecurityConfiguration {

  @Bean
  ApiKeyRepository apiKeyRepository(DatabaseClient db) {
    return new ApiKeyRepository(db);
  }

  @Bean
  ProblemResponses problemResponses(JsonMapper json) {
    return new ProblemResponses(json);
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
      ServerHttpSecurity http, ApiKeyRepository keys, ProblemResponses problems) {
    var apiKeys =
        new AuthenticationWebFilter(new ApiKeyAuthenticationManager(keys, Clock.systemUTC()));
    apiKeys.setServerAuthenticationConverter(new BearerApiKeyConverter());
    apiKeys.setSecurityContextRepository(NoOpServerSecurityContextRepository.getInstance());
    apiKeys.setAuthenticationFailureHandler(
        (filterExchange, failure) ->
            problems.write(
                filterExchange.getExchange(),
                HttpStatus.UNAUTHORIZED,
                "Unauthorized",
                failure.getMessage()));
    return http.csrf(ServerHttpSecurity.CsrfSpec::disable)
        .httpBasic(ServerHttpSecurity.HttpBasicSpec::disable)
        .formLogin(ServerHttpSecurity.FormLoginSpec::disable)
        .logout(ServerHttpSecurity.LogoutSpec::disable)
        .securityContextRepository(NoOpServerSecurityContextRepository.getInstance())
        // stateless: the default request cache would open a web session on every request
        .requestCache(cache -> cache.requestCache(NoOpServerRequestCache.getInstance()))
        .addFilterAt(apiKeys, SecurityWebFiltersOrder.AUTHENTICATION)
        .authorizeExchange(
            exchanges ->
                exchanges
                    .pathMatchers("/actuator/health", "/actuator/health/**")
                    .permitAll()
                    .pathMatchers(HttpMethod.GET, "/v1/openapi.json")
                    .permitAll()
                    .pathMatchers("/v1/workspaces/{workspaceId}/**")
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
                                "send a workspace API key as 'Authorization: Bearer cs_...'"))
                    .accessDeniedHandler(
                        (exchange, denied) ->
                            problems.write(
                                exchange,
                                HttpStatus.NOT_FOUND,
                                "Not Found",
                                "no such resource in this workspace")))
        .build();
  }
}
