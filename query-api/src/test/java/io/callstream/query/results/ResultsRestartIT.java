package io.callstream.query.results;

import static io.callstream.query.testing.RunningQueryApi.PATIENCE;
import static org.assertj.core.api.Assertions.assertThat;

import io.callstream.core.event.EventFixtures;
import io.callstream.core.event.InsightDetected;
import io.callstream.core.event.InsightType;
import io.callstream.core.event.MindmapUpdated;
import io.callstream.core.event.Topic;
import io.callstream.core.id.Ids;
import io.callstream.embedded.junit.Infrastructure;
import io.callstream.embedded.junit.SharedInfrastructure;
import io.callstream.embedded.postgres.PostgresEndpoint;
import io.callstream.query.testing.EventProducer;
import io.callstream.query.testing.Eventually;
import io.callstream.query.testing.RunningQueryApi;
import io.micrometer.core.instrument.MeterRegistry;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.r2dbc.core.DatabaseClient;

/**
 * A batch whose transaction fails is neither half stored nor lost: its rows and its offsets roll
 * back together, and a service started afterwards in the same consumer group reads it again from
 * the offsets in PostgreSQL.
 */
@ExtendWith(SharedInfrastructure.class)
class ResultsRestartIT {

  @Test
  void shouldStoreABatchWhoseTransactionFailedAfterARestart(Infrastructure infrastructure) {
    Map<String, String> sameGroup =
        Map.of("callstream.query.results.group-id", "it-restart-" + Ids.timeOrdered());
    String workspaceId;
    EventFixtures.Call call;
    MindmapUpdated mindmap;
    InsightDetected insight;
    String rejection = "it_reject_" + Ids.timeOrdered().replace("-", "");
    try (RunningQueryApi first =
            RunningQueryApi.start(infrastructure.postgres(), infrastructure.kafka(), sameGroup);
        EventProducer producer = EventProducer.to(infrastructure.kafka())) {
      workspaceId = first.newWorkspace();
      call = EventFixtures.call(workspaceId, first.newCall(workspaceId));
      insight = call.insight(InsightType.RISK, "Budget may slip", call.segmentId(0));
      mindmap = call.mindmapUpdated(1);
      // A constraint of the test's own that this call's mindmap breaks, as a lost connection or a
      // full disk would break a transaction.
      rejectMindmapsOf(infrastructure.postgres(), rejection, call.callId());
      double failedBefore = failedBatches(first);

      // the insight after the mindmap in the call's partition: stored only with the mindmap
      producer.send(mindmap, insight);

      Eventually.await("a failed batch", () -> failedBatches(first) > failedBefore);
      assertThat(count(first.db(), "call_insights", workspaceId, call.callId())).isZero();
      assertThat(count(first.db(), "call_mindmaps", workspaceId, call.callId())).isZero();
      assertThat(count(first.db(), "consumed_events", workspaceId, call.callId())).isZero();
      // closed while it waits to retry the batch
    } finally {
      allowMindmaps(infrastructure.postgres(), rejection);
    }

    try (RunningQueryApi second =
        RunningQueryApi.start(infrastructure.postgres(), infrastructure.kafka(), sameGroup)) {
      Eventually.await(
          "the batch stored after the restart",
          () -> count(second.db(), "call_mindmaps", workspaceId, call.callId()) == 1);
      assertThat(count(second.db(), "call_insights", workspaceId, call.callId())).isEqualTo(1);
      assertThat(count(second.db(), "consumed_events", workspaceId, call.callId())).isEqualTo(2);
      assertThat(storedOffsets(second.db(), sameGroup.get("callstream.query.results.group-id")))
          .isPositive();
    }
  }

  /**
   * A trigger of the test's own that fails every write of this call's mindmap, as a lost connection
   * or a full disk would fail a transaction. Over JDBC, so it outlives the services.
   */
  private static void rejectMindmapsOf(PostgresEndpoint postgres, String name, String callId) {
    execute(
        postgres,
        "create function "
            + name
            + "() returns trigger language plpgsql as"
            + " 'begin raise exception ''rejected by the test''; end'",
        "create trigger "
            + name
            + " before insert or update on call_mindmaps for each row when (new.call_id = '"
            + callId
            + "') execute function "
            + name
            + "()");
  }

  private static void allowMindmaps(PostgresEndpoint postgres, String name) {
    execute(
        postgres,
        "drop trigger if exists " + name + " on call_mindmaps",
        "drop function if exists " + name + "()");
  }

  private static void execute(PostgresEndpoint postgres, String... statements) {
    try (Connection connection =
            DriverManager.getConnection(postgres.jdbcUrl(), postgres.user(), postgres.password());
        Statement statement = connection.createStatement()) {
      for (String sql : statements) {
        statement.execute(sql);
      }
    } catch (SQLException e) {
      throw new IllegalStateException("cannot run " + String.join("; ", statements), e);
    }
  }

  private static double failedBatches(RunningQueryApi api) {
    return api.bean(MeterRegistry.class)
        .get("callstream.query.consumer.failed.batches")
        .tag("topic", Topic.INSIGHTS.topicName())
        .counter()
        .count();
  }

  private static long count(DatabaseClient db, String table, String workspaceId, String callId) {
    return db.sql(
            "select count(*) as n from "
                + table
                + " where workspace_id = :ws and call_id = :callId")
        .bind("ws", workspaceId)
        .bind("callId", callId)
        .map(row -> row.get("n", Long.class))
        .one()
        .block(PATIENCE);
  }

  private static long storedOffsets(DatabaseClient db, String group) {
    return db.sql(
            "select coalesce(sum(next_offset), 0) as n from consumer_offsets"
                + " where consumer_group = :group and topic = :topic")
        .bind("group", group + "-results")
        .bind("topic", Topic.INSIGHTS.topicName())
        .map(row -> row.get("n", Long.class))
        .one()
        .block(PATIENCE);
  }
}
