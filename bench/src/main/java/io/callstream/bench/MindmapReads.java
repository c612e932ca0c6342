package io.callstream.bench;

import io.callstream.api.auth.ApiKeyRepository;
import io.callstream.api.auth.ApiKeySecret;
import io.callstream.api.auth.WorkspacePrincipal;
import io.callstream.api.tenancy.WorkspaceScope;
import io.callstream.core.crypto.Field;
import io.callstream.core.crypto.FieldCipher;
import io.callstream.core.result.ResultJson;
import io.callstream.query.api.MindmapView;
import io.r2dbc.pool.ConnectionPool;
import io.r2dbc.spi.Connection;
import io.r2dbc.spi.Readable;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.time.Instant;
import java.util.Objects;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.netty.http.client.HttpClient;
import tools.jackson.databind.json.JsonMapper;

/**
 * The ways the benchmark reads one call's mindmap, from the whole GET down to the bare row, so the
 * rates can be set against each other. Every read checks its answer and fails on a wrong one.
 * Thread-safe.
 */
final class MindmapReads {

  /**
   * What the query API runs first in a GET's transaction: the workspace scope that row-level
   * security reads (io.callstream.api.tenancy.WorkspaceScope).
   */
  static final String SCOPE = "select set_config('" + WorkspaceScope.SETTING + "', $1, true)";

  /** What the query API runs for a GET, with the driver's own parameter markers. */
  static final String SELECT =
      "select version, mindmap, analyzer, occurred_at from call_mindmaps"
          + " where workspace_id = $1 and call_id = $2";

  /** The columns of a stored mindmap row, the ciphertext read in full. */
  record StoredMindmap(long version, byte[] ciphertext, String analyzer, Instant occurredAt) {}

  private final HttpClient http;
  private final ConnectionPool raw;
  private final ConnectionPool owner;
  private final FieldCipher cipher;
  private final JsonMapper json;
  private final ApiKeyRepository keys;
  private final ApiKeySecret key;
  private final Clock clock;
  private final String workspaceId;
  private final String callId;
  private final String callWithoutMindmap;

  private MindmapReads(
      HttpClient http,
      ConnectionPool raw,
      ConnectionPool owner,
      FieldCipher cipher,
      JsonMapper json,
      ApiKeyRepository keys,
      ApiKeySecret key,
      String workspaceId,
      String callId,
      String callWithoutMindmap) {
    this.http = http;
    this.raw = raw;
    this.owner = owner;
    this.cipher = cipher;
    this.json = json;
    this.keys = keys;
    this.key = key;
    this.clock = Clock.systemUTC();
    this.workspaceId = workspaceId;
    this.callId = callId;
    this.callWithoutMindmap = callWithoutMindmap;
  }

  /**
   * Reads of call {@code callId} in the environment's workspace: over HTTP with {@code http}
   * (already bound to the query API and its Owner key), and straight from {@code raw}; decrypted
   * and written as JSON with the service's own cipher and mapper. {@code callWithoutMindmap} is a
   * call of the same workspace that has no mindmap.
   */
  static MindmapReads of(
      QueryApiEnvironment env,
      HttpClient http,
      ConnectionPool raw,
      ConnectionPool owner,
      String callId,
      String callWithoutMindmap) {
    Objects.requireNonNull(env, "env must not be null");
    Objects.requireNonNull(http, "http must not be null");
    Objects.requireNonNull(raw, "raw must not be null");
    Objects.requireNonNull(owner, "owner must not be null");
    Objects.requireNonNull(callId, "callId must not be null");
    Objects.requireNonNull(callWithoutMindmap, "callWithoutMindmap must not be null");
    ApiKeySecret key =
        ApiKeySecret.parse(env.ownerKey())
            .orElseThrow(() -> new IllegalStateException("the Owner key is not an API key"));
    return new MindmapReads(
        http,
        raw,
        owner,
        env.bean(FieldCipher.class),
        env.bean(JsonMapper.class),
        env.bean(ApiKeyRepository.class),
        key,
        env.workspaceId(),
        callId,
        callWithoutMindmap);
  }

  /** {@code GET .../calls/{callId}/mindmap}: the body of a 200 answer. */
  Mono<byte[]> get() {
    return get(callId, 200);
  }

  /**
   * The same GET for a call without a mindmap: the body of its 404 problem. HTTP, the API-key check
   * and the select, without decryption and JSON of a mindmap.
   */
  Mono<byte[]> getWithoutMindmap() {
    return get(callWithoutMindmap, 404);
  }

  private Mono<byte[]> get(String call, int expectedStatus) {
    return http.get()
        .uri("/v1/workspaces/" + workspaceId + "/calls/" + call + "/mindmap")
        .responseSingle(
            (response, body) ->
                response.status().code() == expectedStatus
                    ? body.asByteArray()
                    : body.asString()
                        .defaultIfEmpty("")
                        .flatMap(
                            text ->
                                Mono.error(
                                    new IllegalStateException(
                                        "GET mindmap answered "
                                            + response.status()
                                            + ": "
                                            + text))));
  }

  /**
   * The row alone, through the benchmark's own pool, as the service reads it: in a transaction
   * scoped to the workspace, as the application role.
   */
  Mono<StoredMindmap> select() {
    return Mono.usingWhen(
        raw.create(), connection -> select(connection).single(), Connection::close);
  }

  /**
   * The same row as the owner, whom row-level security does not bind: one statement, no
   * transaction, no workspace scope. Against {@link #select()} it prices the scope.
   */
  Mono<StoredMindmap> selectUnscoped() {
    return Mono.usingWhen(
        owner.create(), connection -> rows(connection).single(), Connection::close);
  }

  /**
   * The row, decrypted, parsed and written as the GET's body: what the service adds to the row
   * besides HTTP and the API-key check.
   */
  Mono<byte[]> selectDecryptAndWrite() {
    return select().map(this::answer);
  }

  /** The API-key check the service runs before every request: a select and an update. */
  Mono<WorkspacePrincipal> checkApiKey() {
    return keys.authenticate(key, clock.instant())
        .switchIfEmpty(Mono.error(() -> new IllegalStateException("the Owner key was refused")));
  }

  /** The JSON body the GET answers for a stored row. */
  byte[] answer(StoredMindmap stored) {
    byte[] plaintext = cipher.decrypt(workspaceId, callId, Field.MINDMAP, stored.ciphertext());
    try {
      return json.writeValueAsBytes(
          new MindmapView(
              callId,
              stored.version(),
              stored.analyzer(),
              stored.occurredAt(),
              ResultJson.readMindmap(plaintext)));
    } catch (IOException e) {
      throw new UncheckedIOException("the stored mindmap is not a mindmap document", e);
    }
  }

  private Flux<StoredMindmap> select(Connection connection) {
    Flux<Integer> scope =
        Flux.from(connection.createStatement(SCOPE).bind("$1", workspaceId).execute())
            .flatMap(result -> result.map(row -> 1));
    return Mono.from(connection.beginTransaction())
        .thenMany(scope)
        .thenMany(rows(connection))
        .collectList()
        .flatMapMany(
            read -> Mono.from(connection.commitTransaction()).thenMany(Flux.fromIterable(read)));
  }

  /** The GET's select, on {@code connection} as it stands (in a transaction or not). */
  private Flux<StoredMindmap> rows(Connection connection) {
    return Flux.from(
            connection.createStatement(SELECT).bind("$1", workspaceId).bind("$2", callId).execute())
        .flatMap(
            result ->
                result.map(
                    row ->
                        new StoredMindmap(
                            column(row, "version", Long.class),
                            column(row, "mindmap", byte[].class),
                            column(row, "analyzer", String.class),
                            column(row, "occurred_at", Instant.class))));
  }

  private static <T> T column(Readable row, String name, Class<T> type) {
    T value = row.get(name, type);
    if (value == null) {
      throw new IllegalStateException("call_mindmaps." + name + " is null");
    }
    return value;
  }
}
