package io.callstream.query.isolation;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * Sends one request to a running service and tells what came back, over real HTTP: through the
 * JDK's client, or byte for byte over a socket for what that client refuses to send (a NUL in a
 * header, a raw path). A request that gets no answer within {@link #HANG} is a hang. Thread-safe.
 */
public final class Probe {

  /** Far beyond what any answer needs: only a hang runs into it. */
  public static final Duration HANG = Duration.ofSeconds(60);

  private static final JsonMapper JSON = JsonMapper.builder().build();

  private final HttpClient http = HttpClient.newBuilder().connectTimeout(HANG).build();
  private final URI base;

  private Probe(URI base) {
    this.base = base;
  }

  /** A probe of the service at {@code base} ({@code http://localhost:port}). */
  public static Probe of(URI base) {
    return new Probe(Objects.requireNonNull(base, "base must not be null"));
  }

  /** An answer as the client saw it; status 0 for no answer within {@link #HANG}. */
  public record Answer(int status, String contentType, String body) {

    /** Whether it is an RFC 9457 problem: its media type, and a JSON body with a status. */
    public boolean isProblem() {
      if (!contentType.toLowerCase(Locale.ROOT).startsWith("application/problem+json")) {
        return false;
      }
      try {
        JsonNode problem = JSON.readTree(body);
        return problem.isObject() && problem.path("status").asInt() == status;
      } catch (RuntimeException e) {
        return false;
      }
    }

    /**
     * The body without the problem's {@code instance}: that only echoes the path the client sent,
     * so it may name what the client named.
     */
    public String bodyWithoutEcho() {
      try {
        JsonNode node = JSON.readTree(body);
        if (node instanceof ObjectNode object) {
          object.remove("instance");
          return JSON.writeValueAsString(object);
        }
      } catch (RuntimeException e) {
        // not JSON: all of it counts
      }
      return body;
    }

    @Override
    public String toString() {
      String shown = body.length() > 300 ? body.substring(0, 300) + "..." : body;
      return status + " " + contentType + " " + shown;
    }
  }

  /**
   * {@code method} {@code pathAndQuery} (already encoded) with {@code headers} and, unless null, a
   * body.
   */
  public Answer send(
      String method, String pathAndQuery, Map<String, String> headers, byte @Nullable [] body) {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create(base + pathAndQuery))
            .timeout(HANG)
            .method(
                method,
                body == null
                    ? HttpRequest.BodyPublishers.noBody()
                    : HttpRequest.BodyPublishers.ofByteArray(body));
    headers.forEach(request::header);
    try {
      HttpResponse<byte[]> response =
          http.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
      return new Answer(
          response.statusCode(),
          response.headers().firstValue("Content-Type").orElse(""),
          new String(response.body(), StandardCharsets.UTF_8));
    } catch (HttpTimeoutException e) {
      return new Answer(0, "", "no answer within " + HANG);
    } catch (IOException e) {
      throw new IllegalStateException(method + " " + pathAndQuery + " failed: " + e, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    }
  }

  /**
   * Sends {@code head} (request line and headers, each ended by CRLF, without the blank line) and
   * {@code body} as they are, with {@code Connection: close}, and reads the answer to its end.
   */
  public Answer sendRaw(String head, byte[] body) {
    try (Socket socket = new Socket(base.getHost(), base.getPort())) {
      socket.setSoTimeout((int) HANG.toMillis());
      OutputStream out = socket.getOutputStream();
      out.write(head.getBytes(StandardCharsets.ISO_8859_1));
      out.write(
          ("Host: "
                  + base.getHost()
                  + "\r\nContent-Length: "
                  + body.length
                  + "\r\nConnection: close\r\n\r\n")
              .getBytes(StandardCharsets.ISO_8859_1));
      out.write(body);
      out.flush();
      return parse(socket.getInputStream());
    } catch (java.net.SocketTimeoutException e) {
      return new Answer(0, "", "no answer within " + HANG);
    } catch (IOException e) {
      throw new IllegalStateException("raw request failed: " + e, e);
    }
  }

  private static Answer parse(InputStream in) throws IOException {
    ByteArrayOutputStream all = new ByteArrayOutputStream();
    in.transferTo(all);
    String text = all.toString(StandardCharsets.ISO_8859_1);
    int end = text.indexOf("\r\n\r\n");
    if (end < 0 || !text.startsWith("HTTP/1.1 ")) {
      return new Answer(0, "", "no HTTP answer: " + text);
    }
    String[] lines = text.substring(0, end).split("\r\n");
    int status = Integer.parseInt(lines[0].substring(9, 12));
    String contentType = "";
    boolean chunked = false;
    for (String line : lines) {
      String lower = line.toLowerCase(Locale.ROOT);
      if (lower.startsWith("content-type:")) {
        contentType = line.substring(13).strip();
      } else if (lower.startsWith("transfer-encoding:") && lower.contains("chunked")) {
        chunked = true;
      }
    }
    String body = text.substring(end + 4);
    if (chunked) {
      body = unchunk(body);
    }
    return new Answer(
        status,
        contentType,
        new String(body.getBytes(StandardCharsets.ISO_8859_1), StandardCharsets.UTF_8));
  }

  private static String unchunk(String chunked) {
    StringBuilder body = new StringBuilder();
    int at = 0;
    while (at < chunked.length()) {
      int lineEnd = chunked.indexOf("\r\n", at);
      if (lineEnd < 0) {
        break;
      }
      int size = Integer.parseInt(chunked.substring(at, lineEnd).split(";")[0].strip(), 16);
      if (size == 0) {
        break;
      }
      body.append(chunked, lineEnd + 2, Math.min(chunked.length(), lineEnd + 2 + size));
      at = lineEnd + 2 + size + 2;
    }
    return body.toString();
  }
}
