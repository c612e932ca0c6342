package io.callstream.query.privacy.retention;

import static io.callstream.query.testing.RunningQueryApi.PATIENCE;
import static org.assertj.core.api.Assertions.assertThat;

import io.callstream.core.event.EventType;
import io.callstream.embedded.junit.Infrastructure;
import io.callstream.embedded.junit.SharedInfrastructure;
import io.callstream.query.privacy.PrivacyFixtures;
import io.callstream.query.privacy.PrivacyFixtures.StoredCall;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import tools.jackson.databind.JsonNode;

/**
 * The retention purge under a clock the test moves: calls older than their workspace keeps them are
 * deleted with everything derived from them, younger ones stay, and each purge is audited.
 */
@ExtendWith(SharedInfrastructure.class)
class RetentionPurgeIT {

  private static PrivacyFixtures fixtures;
  private static ControlledClock clock;
  private static RetentionPurge purge;

  private Instant now;

  @BeforeAll
  static void start(Infrastructure infrastructure) {
    fixtures =
        PrivacyFixtures.start(infrastructure, Map.of("callstream.it.controlled-clock", "true"));
    clock = fixtures.api().bean(ControlledClock.class);
    purge = fixtures.api().bean(RetentionPurge.class);
  }

  @AfterAll
  static void stop() {
    fixtures.close();
  }

  @BeforeEach
  void stopTheClock() {
    now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
    clock.set(now);
  }

  @Test
  void shouldDeleteAFreeCallOf31DaysWithEverythingDerivedAndKeepOneOf29() {
    String workspaceId = fixtures.newWorkspace("free");
    StoredCall expired = fixtures.storeCall(workspaceId, now.minus(Duration.ofDays(31)));
    String kept = fixtures.newCall(workspaceId, now.minus(Duration.ofDays(29)));

    RetentionPurge.Run run = purge.purge().block(PATIENCE);

    assertThat(run.deletedCallIds()).contains(expired.callId()).doesNotContain(kept);
    assertThat(fixtures.owner().rowsOfCall(workspaceId, expired.callId()))
        .allSatisfy((table, rows) -> assertThat(rows).as(table).isZero());
    assertThat(fixtures.owner().rowsOfCall(workspaceId, kept)).containsEntry("calls", 1L);
    assertThat(fixtures.compactedRecordsOf(expired.callId()))
        .extracting(PrivacyFixtures.KeyedRecord::ceType)
        .containsExactly(EventType.CALL_DELETED.ceType(), null);
  }

  @Test
  void shouldDeleteACallOnceTheClockPassesItsRetention() {
    String workspaceId = fixtures.newWorkspace("starter");
    String callId = fixtures.newCall(workspaceId, now.minus(Duration.ofDays(89)));

    purge.purge().block(PATIENCE);
    long before = fixtures.owner().rowsOfCall(workspaceId, callId).get("calls");
    clock.advance(Duration.ofDays(2));
    purge.purge().block(PATIENCE);

    assertThat(before).as("at 89 days").isEqualTo(1);
    assertThat(fixtures.owner().rowsOfCall(workspaceId, callId))
        .as("at 91 days")
        .containsEntry("calls", 0L);
  }

  @Test
  void shouldKeepEveryCallOnTheScalePlan() {
    String workspaceId = fixtures.newWorkspace("scale");
    String ancient = fixtures.newCall(workspaceId, now.minus(Duration.ofDays(3_000)));

    purge.purge().block(PATIENCE);

    assertThat(fixtures.owner().rowsOfCall(workspaceId, ancient)).containsEntry("calls", 1L);
    assertThat(fixtures.audit(workspaceId, "CALLS_PURGED")).isEmpty();
  }

  @Test
  void shouldLetTheWorkspacesOwnRetentionOverrideThePlan() {
    String workspaceId = fixtures.newWorkspace("growth");
    fixtures.owner().update("update workspaces set retention_days = 7 where id = ?", workspaceId);
    String older = fixtures.newCall(workspaceId, now.minus(Duration.ofDays(8)));
    String younger = fixtures.newCall(workspaceId, now.minus(Duration.ofDays(6)));
    String scaleWorkspace = fixtures.newWorkspace("scale");
    fixtures
        .owner()
        .update("update workspaces set retention_days = 30 where id = ?", scaleWorkspace);
    String scaleCall = fixtures.newCall(scaleWorkspace, now.minus(Duration.ofDays(31)));

    purge.purge().block(PATIENCE);

    assertThat(fixtures.owner().rowsOfCall(workspaceId, older)).containsEntry("calls", 0L);
    assertThat(fixtures.owner().rowsOfCall(workspaceId, younger)).containsEntry("calls", 1L);
    assertThat(fixtures.owner().rowsOfCall(scaleWorkspace, scaleCall))
        .as("a scale workspace that chose a retention")
        .containsEntry("calls", 0L);
  }

  @Test
  void shouldAuditOnePurgePerWorkspaceWithCountAndCallIds() {
    String workspaceId = fixtures.newWorkspace("trial");
    String first = fixtures.newCall(workspaceId, now.minus(Duration.ofDays(40)));
    String second = fixtures.newCall(workspaceId, now.minus(Duration.ofDays(35)));

    purge.purge().block(PATIENCE);

    List<JsonNode> entries = fixtures.audit(workspaceId, "CALLS_PURGED");
    assertThat(entries).hasSize(1);
    JsonNode entry = entries.get(0);
    assertThat(entry.get("actor").asString()).isEqualTo("system:retention");
    assertThat(entry.get("diff").get("count").asInt()).isEqualTo(2);
    assertThat(entry.get("diff").get("callIds").values())
        .extracting(JsonNode::asString)
        .containsExactlyInAnyOrder(first, second);
  }
}
