package io.callstream.query.live;

import static io.callstream.query.testing.RunningQueryApi.PATIENCE;
import static org.assertj.core.api.Assertions.assertThat;

import io.callstream.api.auth.ApiKeyRepository;
import io.callstream.api.auth.ApiKeySecret;
import io.callstream.api.auth.Role;
import io.callstream.core.crypto.FieldCipher;
import io.callstream.core.event.CallstreamEvent;
import io.callstream.core.id.Ids;
import io.callstream.embedded.junit.Infrastructure;
import io.callstream.embedded.junit.SharedInfrastructure;
import io.callstream.query.testing.EventProducer;
import io.callstream.query.testing.Eventually;
import io.callstream.query.testing.RunningQueryApi;
import io.callstream.query.testing.SealedResults;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.core.env.Environment;
import tools.jackson.databind.json.JsonMapper;

/**
 * Two query API instances in one consumer group against the same Kafka and PostgreSQL: each stores
 * the partitions it owns, and every subscriber on either sees every event.
 */
@ExtendWith(SharedInfrastructure.class)
class TwoInstancesIT {

  private static final JsonMapper JSON = JsonMapper.builder().build();

  private static final String GROUP = "it-two-" + Ids.timeOrdered();

  private static Admin admin;
  private static RunningQueryApi first;
  private static RunningQueryApi second;
  private static EventProducer producer;

  @BeforeAll
  static void start(Infrastructure infrastructure) {
    Map<String, String> sameGroup = Map.of("callstream.query.results.group-id", GROUP);
    first = RunningQueryApi.start(infrastructure.postgres(), infrastructure.kafka(), sameGroup);
    second =
        RunningQueryApi.start(infrastructure.postgres(), infrastructure.kafka(), sameGroup, first);
    producer = EventProducer.to(infrastructure.kafka());
    admin =
        Admin.create(
            Map.of(
                AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG,
                infrastructure.kafka().bootstrapServers()));
  }

  @AfterAll
  static void stop() {
    admin.close();
    producer.close();
    second.close();
    first.close();
  }

  @Test
  void shouldStoreEachResultOnceAndStreamEveryEventToSubscribersOfBothInstances() {
    String workspaceId = first.newWorkspace();
    String bearer = newKey(workspaceId);
    // calls on many partitions, so both instances own some of them
    List<String> calls = new ArrayList<>();
    for (int i = 0; i < 12; i++) {
      calls.add(first.newCall(workspaceId));
    }
    Eventually.await(
        "both instances own partitions of the results topic", TwoInstancesIT::bothOwnPartitions);
    List<CallstreamEvent> events = new ArrayList<>();
    for (String callId : calls) {
      SealedResults sealed = new SealedResults(first.bean(FieldCipher.class), workspaceId, callId);
      events.add(sealed.mindmap(1, SealedResults.budgetMindmap()));
      events.add(sealed.mindmap(2, SealedResults.budgetMindmap()));
    }
    String watched = calls.get(5);
    try (SseClient onFirst =
            SseClient.open(workspaceEvents(first, workspaceId), bearer, null).awaitConnected();
        SseClient onSecond =
            SseClient.open(workspaceEvents(second, workspaceId), bearer, null).awaitConnected();
        SseClient callOnSecond =
            SseClient.open(callEvents(second, workspaceId, watched), bearer, null)
                .awaitConnected()) {

      producer.send(events.toArray(CallstreamEvent[]::new));

      List<String> expected = new ArrayList<>();
      for (String callId : calls) {
        expected.add(callId + " v1");
        expected.add(callId + " v2");
      }
      assertThat(received(onFirst, events.size())).containsExactlyInAnyOrderElementsOf(expected);
      assertThat(received(onSecond, events.size())).containsExactlyInAnyOrderElementsOf(expected);
      assertThat(received(callOnSecond, 2)).containsExactly(watched + " v1", watched + " v2");
    }
    Long stored =
        first
            .db()
            .sql(
                "select count(*) as n, count(distinct event_id) as distinct_ids"
                    + " from consumed_events where workspace_id = :ws")
            .bind("ws", workspaceId)
            .map(row -> row.get("n", Long.class) * 1_000 + row.get("distinct_ids", Long.class))
            .one()
            .block(PATIENCE);
    assertThat(stored).as("stored events, and distinct ones").isEqualTo(24L * 1_000 + 24L);
  }

  private static List<String> received(SseClient client, int count) {
    return client.events(count).stream()
        .map(frame -> JSON.readTree(String.valueOf(frame.data())))
        .map(data -> data.path("callId").asString() + " v" + data.path("version").asLong())
        .toList();
  }

  /** Whether the results group has two members, each with partitions of its own. */
  private static boolean bothOwnPartitions() {
    try {
      ConsumerGroupDescription group =
          admin
              .describeConsumerGroups(List.of(GROUP + "-results"))
              .all()
              .get()
              .get(GROUP + "-results");
      return group.members().size() == 2
          && group.members().stream()
              .allMatch(member -> !member.assignment().topicPartitions().isEmpty());
    } catch (ExecutionException e) {
      return false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  private static String newKey(String workspace) {
    ApiKeySecret key = ApiKeySecret.generate();
    first
        .bean(ApiKeyRepository.class)
        .insert(workspace, key, "it key", Role.MEMBER)
        .block(PATIENCE);
    return "Bearer " + key.token();
  }

  private static URI workspaceEvents(RunningQueryApi api, String workspaceId) {
    return URI.create(base(api) + "/v1/workspaces/" + workspaceId + "/events");
  }

  private static URI callEvents(RunningQueryApi api, String workspaceId, String callId) {
    return URI.create(base(api) + "/v1/workspaces/" + workspaceId + "/calls/" + callId + "/events");
  }

  private static String base(RunningQueryApi api) {
    return "http://localhost:" + api.bean(Environment.class).getProperty("local.server.port");
  }
}
