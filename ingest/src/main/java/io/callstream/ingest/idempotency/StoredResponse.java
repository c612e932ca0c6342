package io.callstream.ingest.idempotency;

import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * The answer to the first request with a key, as kept for its retries. Immutable and thread-safe.
 *
 * @param status the HTTP status, always a 2xx: other answers are not kept
 * @param headers the headers the handler set, without those of the connection ({@code
 *     Content-Length}, {@code Transfer-Encoding}, ...) or of the moment ({@code Date})
 * @param body the body; null when it was larger than {@code
 *     callstream.ingest.idempotency.max-response-bytes}, so not kept (a retry is then told so
 *     rather than run again)
 */
public record StoredResponse(
    int status, Map<String, List<String>> headers, byte @Nullable [] body) {

  public StoredResponse {
    if (status < 200 || status > 299) {
      throw new IllegalArgumentException("only a 2xx answer is kept, not " + status);
    }
    Map<String, List<String>> copy = new LinkedHashMap<>();
    Objects.requireNonNull(headers, "headers must not be null")
        .forEach((name, values) -> copy.put(name, List.copyOf(values)));
    headers = Collections.unmodifiableMap(copy);
    body = body == null ? null : body.clone();
  }

  /** Whether the body was kept, so the answer can be replayed. */
  public boolean replayable() {
    return body != null;
  }

  @Override
  public byte @Nullable [] body() {
    return body == null ? null : body.clone();
  }

  @Override
  public boolean equals(@Nullable Object other) {
    return other instanceof StoredResponse that
        && status == that.status
        && headers.equals(that.headers)
        && Arrays.equals(body, that.body);
  }

  @Override
  public int hashCode() {
    return Objects.hash(status, headers, Arrays.hashCode(body));
  }

  @Override
  public String toString() {
    return "StoredResponse[status="
        + status
        + ", headers="
        + headers
        + ", body="
        + (body == null ? "not kept" : body.length + " bytes")
        + "]";
  }
}
