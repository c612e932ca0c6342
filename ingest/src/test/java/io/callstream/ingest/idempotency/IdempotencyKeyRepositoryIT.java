package io.callstream.ingest.idempotency;

import static org.assertj.core.api.Assertions.assertThat;

import io.callstream.api.auth.Role;
import io.callstream.api.tenancy.WorkspaceScope;
import io.callstream.embedded.junit.SharedInfrastructure;
import io.callstream.ingest.testing.IngestServer;
import io.callstream.ingest.testing.RunningIngest;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.core.io.buffer.DefaultDataBufferFactory;
import org.springframework.r2dbc.core.DatabaseClient;
import tools.jackson.databind.json.JsonMapper;

/**
 * Claims, takeovers and expiry on the real table, with a clock of the test's own. The clock runs in
 * 2001, so expiry here never touches the keys of tests that use the real time.
 */
@ExtendWith({SharedInfrastructure.class, IngestServer.class})
class IdempotencyKeyRepositoryIT {

  private static final Duration TTL = Duration.ofHours(24);
  private static final Duration LEASE = Duration.ofMinutes(1);

  private final SettableClock clock = new SettableClock(Instant.parse("2001-01-01T00:00:00Z"));
  private IdempotencyKeyRepository keys;
  private String workspaceId;
  private IdempotencyKey key;

  @BeforeEach
  void setUp(RunningIngest ingest) {
    keys =
        new IdempotencyKeyRepository(
            ingest.bean(DatabaseClient.class),
            ingest.bean(WorkspaceScope.class),
            ingest.bean(JsonMapper.class),
            clock);
    workspaceId = ingest.newWorkspace(Role.MEMBER).workspaceId();
    key = new IdempotencyKey(UUID.randomUUID().toString());
  }

  @Test
  void shouldLetOnlyOneOfTwoClaimsHoldAKey() {
    assertThat(claim(UUID.randomUUID(), fingerprint("a"))).isTrue();
    assertThat(claim(UUID.randomUUID(), fingerprint("a"))).isFalse();
    assertThat(keys.find(workspaceId, key).block())
        .isEqualTo(new KeyState.InProgress(fingerprint("a")));
  }

  @Test
  void shouldKeepACompletedAnswerUntilTheKeyExpires() {
    UUID claim = UUID.randomUUID();
    claim(claim, fingerprint("a"));
    StoredResponse answer = answer("{\"callId\":\"c1\"}");

    assertThat(keys.complete(workspaceId, key, claim, answer).block()).isTrue();
    clock.advance(TTL.minusSeconds(1));

    assertThat(claim(UUID.randomUUID(), fingerprint("a"))).isFalse();
    assertThat(keys.find(workspaceId, key).block())
        .isEqualTo(new KeyState.Completed(fingerprint("a"), answer));
  }

  @Test
  void shouldKeepAnAnswerTooLargeToReplayAsNotReplayable() {
    UUID claim = UUID.randomUUID();
    claim(claim, fingerprint("a"));

    keys.complete(workspaceId, key, claim, new StoredResponse(201, Map.of(), null)).block();

    assertThat(keys.find(workspaceId, key).block())
        .isInstanceOfSatisfying(
            KeyState.Completed.class,
            completed -> assertThat(completed.response().replayable()).isFalse());
  }

  @Test
  void shouldTreatAnExpiredKeyAsANewOne() {
    UUID first = UUID.randomUUID();
    claim(first, fingerprint("a"));
    keys.complete(workspaceId, key, first, answer("{}")).block();
    clock.advance(TTL);

    assertThat(keys.find(workspaceId, key).blockOptional()).isEmpty();
    assertThat(claim(UUID.randomUUID(), fingerprint("b"))).isTrue();
    assertThat(keys.find(workspaceId, key).block())
        .isEqualTo(new KeyState.InProgress(fingerprint("b")));
  }

  @Test
  void shouldLetAClaimTakeOverFromAHolderWhoseLeaseRanOut() {
    UUID dead = UUID.randomUUID();
    claim(dead, fingerprint("a"));
    clock.advance(LEASE.minusSeconds(1));
    assertThat(claim(UUID.randomUUID(), fingerprint("a"))).isFalse();

    clock.advance(Duration.ofSeconds(1));
    UUID successor = UUID.randomUUID();

    assertThat(claim(successor, fingerprint("a"))).isTrue();
    assertThat(keys.complete(workspaceId, key, dead, answer("{}")).block()).isFalse();
    assertThat(keys.release(workspaceId, key, dead).block()).isFalse();
    assertThat(keys.complete(workspaceId, key, successor, answer("{}")).block()).isTrue();
  }

  @Test
  void shouldFreeTheKeyOnlyForItsHolder() {
    UUID holder = UUID.randomUUID();
    claim(holder, fingerprint("a"));

    assertThat(keys.release(workspaceId, key, UUID.randomUUID()).block()).isFalse();
    assertThat(keys.release(workspaceId, key, holder).block()).isTrue();
    assertThat(keys.find(workspaceId, key).blockOptional()).isEmpty();
    assertThat(claim(UUID.randomUUID(), fingerprint("b"))).isTrue();
  }

  @Test
  void shouldNeverReleaseACompletedKey() {
    UUID holder = UUID.randomUUID();
    claim(holder, fingerprint("a"));
    keys.complete(workspaceId, key, holder, answer("{}")).block();

    assertThat(keys.release(workspaceId, key, holder).block()).isFalse();
    assertThat(keys.find(workspaceId, key).block()).isInstanceOf(KeyState.Completed.class);
  }

  @Test
  void shouldDeleteExpiredKeys() {
    claim(UUID.randomUUID(), fingerprint("a"));
    clock.advance(TTL);

    assertThat(keys.deleteExpired().block()).isPositive();
    clock.set(Instant.parse("2001-01-01T00:00:00Z"));
    assertThat(keys.find(workspaceId, key).blockOptional()).isEmpty();
  }

  private boolean claim(UUID claimId, RequestFingerprint fingerprint) {
    return Boolean.TRUE.equals(
        keys.claim(workspaceId, key, fingerprint, claimId, TTL, LEASE)
            .block(RunningIngest.PATIENCE));
  }

  private static RequestFingerprint fingerprint(String body) {
    return RequestFingerprint.of(
        "POST",
        "/v1/workspaces/ws/calls",
        "application/json",
        DefaultDataBufferFactory.sharedInstance.wrap(body.getBytes(StandardCharsets.UTF_8)));
  }

  private static StoredResponse answer(String body) {
    return new StoredResponse(
        201,
        Map.of("Content-Type", List.of("application/json"), "Location", List.of("/c/1")),
        body.getBytes(StandardCharsets.UTF_8));
  }

  /** A clock the test moves by hand. */
  private static final class SettableClock extends Clock {

    private volatile Instant now;

    SettableClock(Instant now) {
      this.now = now;
    }

    void advance(Duration duration) {
      now = now.plus(duration);
    }

    void set(Instant instant) {
      now = instant;
    }

    @Override
    public ZoneId getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
      throw new UnsupportedOperationException("the test clock is UTC");
    }

    @Override
    public Instant instant() {
      return now;
    }
  }
}
