package io.callstream.api.auth;

import org.jspecify.annotations.Nullable;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.util.pattern.PathPattern;
import org.springframework.web.util.pattern.PathPatternParser;

/** The workspace a request's route names: {@code /v1/workspaces/{workspaceId}/**}. */
final class WorkspacePath {

  /** The routes of one workspace (the workspace itself included). */
  static final String PATTERN = "/v1/workspaces/{workspaceId}/**";

  private static final PathPattern ROUTES = PathPatternParser.defaultInstance.parse(PATTERN);

  private WorkspacePath() {}

  /** The workspace of {@code exchange}'s route; null when the route is not a workspace's. */
  static @Nullable String workspaceId(ServerWebExchange exchange) {
    var match = ROUTES.matchAndExtract(exchange.getRequest().getPath().pathWithinApplication());
    return match == null ? null : match.getUriVariables().get("workspaceId");
  }
}
