package io.callstream.ingest.idempotency;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Objects;
import org.jspecify.annotations.Nullable;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.http.HttpHeaders;
import org.springframework.http.server.reactive.ServerHttpRequest;

/**
 * What makes two requests with one {@code Idempotency-Key} the same request: a SHA-256 of method,
 * path and query, content type and body. A key sent again with another fingerprint is the misuse
 * the draft answers with 422. Immutable and thread-safe.
 */
public final class RequestFingerprint {

  private static final byte SEPARATOR = '\n';

  private final byte[] sha256;

  private RequestFingerprint(byte[] sha256) {
    this.sha256 = sha256;
  }

  /** The fingerprint of {@code request} with {@code body}, null for a request without one. */
  public static RequestFingerprint of(ServerHttpRequest request, @Nullable DataBuffer body) {
    Objects.requireNonNull(request, "request must not be null");
    String rawQuery = request.getURI().getRawQuery();
    return of(
        request.getMethod().name(),
        request.getPath().value() + (rawQuery == null ? "" : "?" + rawQuery),
        request.getHeaders().getFirst(HttpHeaders.CONTENT_TYPE),
        body);
  }

  /**
   * @param method the HTTP method
   * @param pathAndQuery the raw path, and {@code ?query} if there is one
   * @param contentType the {@code Content-Type} as sent, null if none
   * @param body the body, null if none; its read position is left as it was
   */
  public static RequestFingerprint of(
      String method, String pathAndQuery, @Nullable String contentType, @Nullable DataBuffer body) {
    MessageDigest digest = sha256();
    // A newline cannot occur in a method, a request target or a header value.
    digest.update(method.getBytes(StandardCharsets.US_ASCII));
    digest.update(SEPARATOR);
    digest.update(pathAndQuery.getBytes(StandardCharsets.UTF_8));
    digest.update(SEPARATOR);
    digest.update((contentType == null ? "" : contentType).getBytes(StandardCharsets.UTF_8));
    digest.update(SEPARATOR);
    if (body != null) {
      // Views of the readable bytes: no copy, and the body is not consumed for the handler.
      try (DataBuffer.ByteBufferIterator buffers = body.readableByteBuffers()) {
        while (buffers.hasNext()) {
          digest.update(buffers.next());
        }
      }
    }
    return new RequestFingerprint(digest.digest());
  }

  /** A fingerprint as stored. */
  public static RequestFingerprint fromBytes(byte[] sha256) {
    Objects.requireNonNull(sha256, "sha256 must not be null");
    if (sha256.length != 32) {
      throw new IllegalArgumentException("a SHA-256 has 32 bytes, not " + sha256.length);
    }
    return new RequestFingerprint(sha256.clone());
  }

  /** The 32 bytes of the hash, to store. */
  public byte[] toBytes() {
    return sha256.clone();
  }

  @Override
  public boolean equals(@Nullable Object other) {
    return other instanceof RequestFingerprint that && MessageDigest.isEqual(sha256, that.sha256);
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(sha256);
  }

  @Override
  public String toString() {
    return "RequestFingerprint[" + HexFormat.of().formatHex(sha256) + "]";
  }

  private static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is required by every Java runtime", e);
    }
  }
}
