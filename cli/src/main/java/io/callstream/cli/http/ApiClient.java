package io.callstream.cli.http;

import io.callstream.cli.CliException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Objects;
import org.jspecify.annotations.Nullable;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The HTTP side of every client command: authenticated requests to the query API and ingest, and
 * their failures turned into what the user should read. An error answer becomes its problem's title
 * and detail ({@link io.callstream.cli.ExitCode#API_ERROR}); a service that cannot be reached
 * becomes a hint to start callstream ({@link io.callstream.cli.ExitCode#UNREACHABLE}). Not
 * thread-safe for the workspace it resolves; one per command run.
 */
public final class ApiClient {

  private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(10);
  private static final Duration REQUEST_TIMEOUT = Duration.ofMinutes(2);

  private final HttpClient http;
  private final ApiOptions options;
  private final JsonMapper json = JsonMapper.builder().build();
  private @Nullable String workspace;

  private ApiClient(ApiOptions options) {
    this.options = options;
    this.workspace = options.workspace();
    this.http =
        HttpClient.newBuilder()
            .connectTimeout(CONNECT_TIMEOUT)
            .followRedirects(HttpClient.Redirect.NEVER)
            .build();
  }

  /** A client for the APIs {@code options} name. */
  public static ApiClient of(ApiOptions options) {
    return new ApiClient(Objects.requireNonNull(options, "options must not be null"));
  }

  /** The options it was made with. */
  public ApiOptions options() {
    return options;
  }

  /** The JSON mapper for bodies. */
  public JsonMapper json() {
    return json;
  }

  /** The underlying client, for WebSockets. */
  public HttpClient http() {
    return http;
  }

  /** The API key; a usage error when none was given. */
  public String key() {
    String key = options.key();
    if (key == null || key.isBlank()) {
      throw CliException.usage(
          "no API key: give --key or set CALLSTREAM_API_KEY (the standalone prints an owner key"
              + " on its first start)");
    }
    return key.strip();
  }

  /**
   * The workspace: the one given, else the API key's own as {@code GET /v1/credential} tells it.
   */
  public String workspace() {
    if (workspace != null && !workspace.isBlank()) {
      return workspace.strip();
    }
    HttpRequest request = request(Paths.join(options.url(), "/v1/credential")).GET().build();
    HttpResponse<byte[]> response = send(request, HttpResponse.BodyHandlers.ofByteArray());
    if (response.statusCode() == 404 || response.statusCode() == 405) {
      throw CliException.usage(
          "no workspace: give --workspace or set CALLSTREAM_WORKSPACE (this server cannot tell a"
              + " key's workspace)");
    }
    JsonNode credential = checked(response);
    String found = text(credential, "workspaceId");
    if (found == null || found.isBlank()) {
      throw CliException.usage(
          "this credential belongs to no single workspace: give --workspace or set"
              + " CALLSTREAM_WORKSPACE");
    }
    workspace = found;
    return found;
  }

  /** A request to {@code uri} with the API key; callers add the method and body. */
  public HttpRequest.Builder request(URI uri) {
    return HttpRequest.newBuilder(uri).header("Authorization", "Bearer " + key());
  }

  /** The request with the timeout of a request that is not a stream. */
  public HttpRequest.Builder timedRequest(URI uri) {
    return request(uri).timeout(REQUEST_TIMEOUT);
  }

  /** Sends a request, expecting a JSON answer (or none); an error answer throws. */
  public JsonNode sendForJson(HttpRequest request) {
    return checked(send(request, HttpResponse.BodyHandlers.ofByteArray()));
  }

  /** Sends a request whose answer is read as a stream; an error answer throws. */
  public HttpResponse<InputStream> sendForStream(HttpRequest request) {
    HttpResponse<InputStream> response = send(request, HttpResponse.BodyHandlers.ofInputStream());
    if (response.statusCode() >= 300) {
      byte[] body;
      try (InputStream in = response.body()) {
        body = in.readNBytes(64 * 1024);
      } catch (IOException e) {
        body = new byte[0];
      }
      throw problem(response.statusCode(), body);
    }
    return response;
  }

  /**
   * Sends a request; a service that cannot be reached is a {@link CliException} with the hint to
   * start callstream.
   */
  public <T> HttpResponse<T> send(HttpRequest request, HttpResponse.BodyHandler<T> handler) {
    try {
      return http.send(request, handler);
    } catch (IOException e) {
      throw unreachable(request.uri(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw CliException.api("interrupted");
    }
  }

  /** What to tell the user when {@code uri} could not be reached. */
  public CliException unreachable(URI uri, IOException failure) {
    boolean ingest = uri.toString().startsWith(options.ingestUrl().toString());
    String service = ingest ? "ingest" : "the query API";
    String base = ingest ? options.ingestUrl().toString() : options.url().toString();
    String reason;
    if (failure instanceof ConnectException) {
      reason = "connection refused";
    } else if (failure instanceof HttpConnectTimeoutException) {
      reason = "no answer within " + CONNECT_TIMEOUT.toSeconds() + " s";
    } else {
      reason =
          failure.getMessage() == null ? failure.getClass().getSimpleName() : failure.getMessage();
    }
    return CliException.unreachable(
        "cannot reach "
            + service
            + " at "
            + base
            + " ("
            + reason
            + "): is callstream up? (callstream up)",
        failure);
  }

  private JsonNode checked(HttpResponse<byte[]> response) {
    if (response.statusCode() >= 300) {
      throw problem(response.statusCode(), response.body());
    }
    byte[] body = response.body();
    if (body.length == 0) {
      return json.missingNode();
    }
    try {
      return json.readTree(body);
    } catch (JacksonException e) {
      throw CliException.api(
          "the answer (HTTP " + response.statusCode() + ") is not JSON: " + preview(body));
    }
  }

  /**
   * The error of an answer: its problem+json title and detail, or the start of its body when it has
   * none.
   */
  public CliException problem(int status, byte[] body) {
    String title = null;
    String detail = null;
    try {
      JsonNode problem = json.readTree(body);
      title = text(problem, "title");
      detail = text(problem, "detail");
    } catch (JacksonException | UncheckedIOException e) {
      // not problem+json: the body is shown as it is
    }
    StringBuilder message = new StringBuilder();
    message.append(title == null ? "HTTP" : title).append(" (").append(status).append(')');
    if (detail != null) {
      message.append(": ").append(detail);
    } else if (body.length > 0 && title == null) {
      message.append(": ").append(preview(body));
    }
    if (status == 401) {
      message.append(" (check --key or CALLSTREAM_API_KEY)");
    }
    return CliException.api(message.toString());
  }

  /** A text field of {@code node}, or null when it is missing or null. */
  public static @Nullable String text(JsonNode node, String field) {
    JsonNode value = node.path(field);
    return value.isMissingNode() || value.isNull() ? null : value.asString();
  }

  private static String preview(byte[] body) {
    String text = new String(body, 0, Math.min(body.length, 300), StandardCharsets.UTF_8).strip();
    return text.replaceAll("\\s+", " ");
  }
}
