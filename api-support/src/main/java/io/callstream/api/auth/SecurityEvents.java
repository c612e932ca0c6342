package io.callstream.api.auth;

import java.net.InetSocketAddress;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.spi.LoggingEventBuilder;
import org.springframework.web.server.ServerWebExchange;

/**
 * The security log: failed authentications ({@code auth.failed}) and denied access ({@code
 * access.denied}, a 403 or the 404 of another workspace), as structured key-value fields (also in
 * the message, for plain log patterns). It records which credential (a key id, a token's issuer and
 * subject), never a token or secret. Thread-safe.
 */
public final class SecurityEvents {

  /** The logger's name, for log configuration and tests that read the security log. */
  public static final String LOGGER = "io.callstream.security";

  private static final Logger LOG = LoggerFactory.getLogger(LOGGER);
  private static final int MAX_FIELD = 200;

  private SecurityEvents() {}

  /** A credential was refused (401). */
  static void authenticationFailed(
      ServerWebExchange exchange, String reason, @Nullable String credential) {
    Map<String, String> fields = new LinkedHashMap<>();
    fields.put("event", "auth.failed");
    fields.put("reason", reason);
    fields.put("credential", credential == null ? "unknown" : credential);
    fields.put("sourceIp", sourceIp(exchange));
    fields.put("route", route(exchange));
    log(LOG.atWarn(), "authentication failed", fields);
  }

  /**
   * A caller was refused: {@code status} 403 (too little role) or 404 (another workspace's route).
   */
  static void accessDenied(
      ServerWebExchange exchange,
      int status,
      @Nullable String principal,
      @Nullable String workspaceAsked,
      @Nullable String detail) {
    Map<String, String> fields = new LinkedHashMap<>();
    fields.put("event", "access.denied");
    fields.put("status", Integer.toString(status));
    fields.put("principal", principal == null ? "anonymous" : principal);
    fields.put("workspace", workspaceAsked == null ? "none" : printable(workspaceAsked));
    fields.put("route", route(exchange));
    fields.put("sourceIp", sourceIp(exchange));
    if (detail != null) {
      fields.put("detail", detail);
    }
    log(LOG.atWarn(), "access denied", fields);
  }

  /** Makes an outside value safe for one log line: no control characters, bounded length. */
  static String printable(@Nullable String value) {
    if (value == null) {
      return "none";
    }
    String clean =
        value
            .codePoints()
            .map(c -> Character.isISOControl(c) ? '?' : c)
            .limit(MAX_FIELD)
            .collect(StringBuilder::new, StringBuilder::appendCodePoint, StringBuilder::append)
            .toString();
    return value.length() > MAX_FIELD ? clean + "..." : clean;
  }

  private static void log(LoggingEventBuilder event, String message, Map<String, String> fields) {
    fields.forEach(event::addKeyValue);
    event.log(
        message
            + " "
            + fields.entrySet().stream()
                .map(field -> field.getKey() + "=" + field.getValue())
                .collect(Collectors.joining(" ")));
  }

  private static String route(ServerWebExchange exchange) {
    return exchange.getRequest().getMethod().name()
        + " "
        + printable(exchange.getRequest().getPath().value());
  }

  private static String sourceIp(ServerWebExchange exchange) {
    InetSocketAddress remote = exchange.getRequest().getRemoteAddress();
    return remote == null || remote.getAddress() == null
        ? "unknown"
        : remote.getAddress().getHostAddress();
  }
}
