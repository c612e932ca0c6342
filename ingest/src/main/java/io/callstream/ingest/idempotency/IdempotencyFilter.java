package io.callstream.ingest.idempotency;

import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.Ordered;
import org.springframework.core.io.buffer.DataBufferLimitException;
import org.springframework.core.io.buffer.DataBufferUtils;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.InvalidMediaTypeException;
import org.springframework.http.MediaType;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.http.server.reactive.ServerHttpResponse;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;
import org.springframework.web.util.pattern.PathPattern;
import org.springframework.web.util.pattern.PathPatternParser;
import reactor.core.publisher.Mono;

/**
 * {@code Idempotency-Key} for every {@code POST} under {@code /v1/workspaces/{workspaceId}/}, as
 * the IETF draft "The Idempotency-Key HTTP Header Field"
 * (draft-ietf-httpapi-idempotency-key-header) describes it: a retried request gets the first
 * request's answer and does nothing twice. A filter, so that an endpoint added later has it without
 * knowing.
 *
 * <p>For a {@code POST} with the header:
 *
 * <ol>
 *   <li>The key must be one well-formed key ({@link IdempotencyKey}), else 400.
 *   <li>The body is read whole (at most {@code max-body-bytes}, else 413) and fingerprinted with
 *       method, path and query, and content type ({@link RequestFingerprint}).
 *   <li>The key is claimed in PostgreSQL, race-safe ({@link IdempotencyKeyRepository#claim}).
 *   <li>The request that claims it runs. A 2xx answer is stored before it is sent (see {@link
 *       RecordingResponse}); any other answer, or an error, releases the key so that a retry runs
 *       again: a 4xx changed nothing, and a 5xx (a 503 when Kafka is gone) may have changed part of
 *       it, which the retry completes, duplicates being dropped downstream by event id.
 *   <li>A request that finds the key taken gets: 422 if the fingerprints differ (whatever the state
 *       of the first); 409 with {@code Retry-After} while the first is in progress; otherwise the
 *       stored answer, with {@code Idempotent-Replayed: true}.
 * </ol>
 *
 * <p>Keys are per workspace and live {@code ttl} (24 h by default) from their first request. A
 * request whose client went away mid-way leaves its key in progress until {@code
 * in-progress-lease}; then a retry runs again (whatever the first did is done again, under the same
 * event ids for segments).
 *
 * <p>Not covered, and passed through with the header ignored: streaming bodies ({@code
 * application/x-ndjson}, {@code application/jsonl}, {@code application/stream+json}, tus's {@code
 * application/offset+octet-stream}), which may be long and never fit in memory, and whose segments
 * carry sequence numbers that make a resent segment a duplicate anyway; and WebSocket upgrades
 * (GETs), whose messages carry the same sequence numbers. A form or multipart body with a key is
 * answered 400: Spring reads those through the exchange, not the request body this filter replaces,
 * and no endpoint takes them. A {@code POST} without the header runs as it would without this
 * filter. Thread-safe.
 */
public final class IdempotencyFilter implements WebFilter, Ordered {

  /** The request header. */
  public static final String HEADER = "Idempotency-Key";

  /** The response header that marks a replayed answer. */
  public static final String REPLAYED_HEADER = "Idempotent-Replayed";

  /**
   * After Spring Security (-100), so that only a caller of the workspace can claim its keys, and
   * after the body limits (0), so that an oversized body is named by its own limit.
   */
  public static final int ORDER = 10;

  private static final Logger LOG = LoggerFactory.getLogger(IdempotencyFilter.class);

  private static final PathPattern WORKSPACE_PATHS =
      PathPatternParser.defaultInstance.parse("/v1/workspaces/{workspaceId}/**");

  private static final List<MediaType> STREAMING =
      List.of(
          MediaType.APPLICATION_NDJSON,
          MediaType.parseMediaType("application/jsonl"),
          MediaType.parseMediaType("application/stream+json"),
          MediaType.parseMediaType("application/offset+octet-stream"));

  /** Claim attempts when the key is freed between a failed claim and the look at its holder. */
  private static final int CLAIM_ATTEMPTS = 3;

  private final IdempotencyKeyRepository keys;
  private final IdempotencySettings settings;

  public IdempotencyFilter(IdempotencyKeyRepository keys, IdempotencySettings settings) {
    this.keys = Objects.requireNonNull(keys, "keys must not be null");
    this.settings = Objects.requireNonNull(settings, "settings must not be null");
  }

  @Override
  public int getOrder() {
    return ORDER;
  }

  @Override
  public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
    ServerHttpRequest request = exchange.getRequest();
    if (request.getMethod() != HttpMethod.POST) {
      return chain.filter(exchange);
    }
    List<String> values = request.getHeaders().get(HEADER);
    if (values == null || values.isEmpty()) {
      return chain.filter(exchange);
    }
    PathPattern.PathMatchInfo match =
        WORKSPACE_PATHS.matchAndExtract(request.getPath().pathWithinApplication());
    MediaType contentType = contentType(request);
    if (match == null || streaming(contentType)) {
      return chain.filter(exchange);
    }
    if (form(contentType)) {
      return Mono.error(
          IdempotencyKeyException.malformed(
              "Idempotency-Key is not supported with a form or multipart body; send the content"
                  + " itself as the body"));
    }
    IdempotencyKey key;
    try {
      key = IdempotencyKey.parse(values);
    } catch (IllegalArgumentException e) {
      return Mono.error(IdempotencyKeyException.malformed(e.getMessage()));
    }
    String workspaceId = match.getUriVariables().get("workspaceId");
    int maxBodyBytes = (int) settings.maxBodyBytes().toBytes();
    return DataBufferUtils.join(request.getBody(), maxBodyBytes)
        .onErrorMap(
            DataBufferLimitException.class, e -> IdempotencyKeyException.bodyTooLarge(maxBodyBytes))
        .map(Optional::of)
        .defaultIfEmpty(Optional.empty())
        .flatMap(
            body -> {
              BufferedBody buffered = new BufferedBody(body.orElse(null));
              Attempt attempt =
                  new Attempt(
                      exchange,
                      chain,
                      workspaceId,
                      key,
                      RequestFingerprint.of(request, buffered.peek()),
                      buffered);
              return attempt.claim(1).doFinally(signal -> buffered.releaseUnlessHandedOver());
            });
  }

  /** The request's content type; null if it has none, or one the handler will reject as 415. */
  private static @Nullable MediaType contentType(ServerHttpRequest request) {
    try {
      return request.getHeaders().getContentType();
    } catch (InvalidMediaTypeException e) {
      return null;
    }
  }

  /**
   * Whether a body of this content type is a form: Spring reads forms and parts through the
   * exchange, from the body as it came off the network, which this filter has read already.
   */
  static boolean form(@Nullable MediaType contentType) {
    return contentType != null
        && (MediaType.APPLICATION_FORM_URLENCODED.isCompatibleWith(contentType)
            || "multipart".equalsIgnoreCase(contentType.getType()));
  }

  /** Whether a body of this content type is streamed, so passed through with the key ignored. */
  static boolean streaming(@Nullable MediaType contentType) {
    return contentType != null
        && STREAMING.stream().anyMatch(streaming -> streaming.isCompatibleWith(contentType));
  }

  /** One request with a key, from claiming the key to its answer. */
  private final class Attempt {

    private final ServerWebExchange exchange;
    private final WebFilterChain chain;
    private final String workspaceId;
    private final IdempotencyKey key;
    private final RequestFingerprint fingerprint;
    private final BufferedBody body;

    Attempt(
        ServerWebExchange exchange,
        WebFilterChain chain,
        String workspaceId,
        IdempotencyKey key,
        RequestFingerprint fingerprint,
        BufferedBody body) {
      this.exchange = exchange;
      this.chain = chain;
      this.workspaceId = workspaceId;
      this.key = key;
      this.fingerprint = fingerprint;
      this.body = body;
    }

    Mono<Void> claim(int attempt) {
      UUID claimId = UUID.randomUUID();
      return keys.claim(
              workspaceId, key, fingerprint, claimId, settings.ttl(), settings.inProgressLease())
          .flatMap(claimed -> claimed ? run(claimId) : answerTaken(attempt));
    }

    private Mono<Void> answerTaken(int attempt) {
      return keys.find(workspaceId, key)
          .map(Optional::of)
          .defaultIfEmpty(Optional.empty())
          .flatMap(
              state -> {
                if (state.isEmpty()) {
                  // Released or expired since the claim failed: claim again.
                  return attempt < CLAIM_ATTEMPTS
                      ? claim(attempt + 1)
                      : Mono.error(IdempotencyKeyException.inProgress(settings.retryAfter()));
                }
                return answer(state.get());
              });
    }

    private Mono<Void> answer(KeyState state) {
      if (!state.fingerprint().equals(fingerprint)) {
        return Mono.error(IdempotencyKeyException.reusedForAnotherRequest());
      }
      if (state instanceof KeyState.Completed completed) {
        StoredResponse stored = completed.response();
        if (!stored.replayable()) {
          return Mono.error(IdempotencyKeyException.answerNotKept(stored.status()));
        }
        return replay(stored);
      }
      return Mono.error(IdempotencyKeyException.inProgress(settings.retryAfter()));
    }

    private Mono<Void> replay(StoredResponse stored) {
      ServerHttpResponse response = exchange.getResponse();
      response.setStatusCode(HttpStatusCode.valueOf(stored.status()));
      stored
          .headers()
          .forEach(
              (name, values) -> {
                response.getHeaders().remove(name);
                response.getHeaders().addAll(name, values);
              });
      response.getHeaders().set(REPLAYED_HEADER, "true");
      byte[] bytes = Objects.requireNonNull(stored.body(), "a replayable answer has a body");
      return response.writeWith(Mono.fromSupplier(() -> response.bufferFactory().wrap(bytes)));
    }

    private Mono<Void> run(UUID claimId) {
      RecordingResponse recording =
          new RecordingResponse(
              exchange.getResponse(),
              (int) settings.maxResponseBytes().toBytes(),
              new Settle(workspaceId, key, claimId));
      ServerWebExchange claimed =
          exchange
              .mutate()
              .request(body.replacing(exchange.getRequest()))
              .response(recording)
              .build();
      return chain
          .filter(claimed)
          .then(Mono.defer(recording::settleWithoutBody))
          .onErrorResume(error -> recording.settleFailed().then(Mono.error(error)));
    }
  }

  /** Stores or releases a claimed key; a failure is logged and the key left to its lease. */
  private final class Settle implements RecordingResponse.Outcome {

    private final String workspaceId;
    private final IdempotencyKey key;
    private final UUID claimId;

    Settle(String workspaceId, IdempotencyKey key, UUID claimId) {
      this.workspaceId = workspaceId;
      this.key = key;
      this.claimId = claimId;
    }

    @Override
    public Mono<Void> succeeded(StoredResponse response) {
      return keys.complete(workspaceId, key, claimId, response)
          .doOnNext(held -> warnIfLost(held, "store its answer"))
          .onErrorResume(error -> logged(error, "store the answer"))
          .then();
    }

    @Override
    public Mono<Void> failed() {
      return keys.release(workspaceId, key, claimId)
          .doOnNext(held -> warnIfLost(held, "release it"))
          .onErrorResume(error -> logged(error, "release the key"))
          .then();
    }

    private void warnIfLost(boolean held, String what) {
      if (!held) {
        LOG.warn(
            "Idempotency key of workspace {} was taken over before its request could {};"
                + " in-progress-lease may be too short",
            workspaceId,
            what);
      }
    }

    private Mono<Boolean> logged(Throwable error, String what) {
      LOG.warn(
          "Could not {} of an idempotency key of workspace {}; it stays in progress for {}",
          what,
          workspaceId,
          settings.inProgressLease(),
          error);
      return Mono.empty();
    }
  }
}
