package io.callstream.api.problem;

import java.net.URI;
import java.net.URISyntaxException;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;
import tools.jackson.databind.json.JsonMapper;

/**
 * Writes {@code application/problem+json} answers outside controllers (security filters, the
 * firewall, the last-resort error handler), where Spring's own problem handling does not reach.
 * Thread-safe.
 */
public final class ProblemResponses {

  private final JsonMapper json;

  public ProblemResponses(JsonMapper json) {
    this.json = json;
  }

  public Mono<Void> write(
      ServerWebExchange exchange, HttpStatus status, String title, String detail) {
    ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, detail);
    problem.setTitle(title);
    return write(exchange, problem);
  }

  /** Writes {@code problem} with its status; its instance defaults to the request path. */
  public Mono<Void> write(ServerWebExchange exchange, ProblemDetail problem) {
    if (problem.getInstance() == null) {
      problem.setInstance(instance(exchange));
    }
    HttpStatusCode status = HttpStatusCode.valueOf(problem.getStatus());
    var response = exchange.getResponse();
    response.setStatusCode(status);
    response.getHeaders().setContentType(MediaType.APPLICATION_PROBLEM_JSON);
    if (status.value() == HttpStatus.UNAUTHORIZED.value()) {
      response.getHeaders().set("WWW-Authenticate", "Bearer");
    }
    byte[] body = json.writeValueAsBytes(problem);
    return response.writeWith(Mono.just(response.bufferFactory().wrap(body)));
  }

  /** The request path; none if it is not a valid URI reference, rather than a second error. */
  private static URI instance(ServerWebExchange exchange) {
    try {
      return new URI(exchange.getRequest().getPath().value());
    } catch (URISyntaxException e) {
      return null;
    }
  }
}
