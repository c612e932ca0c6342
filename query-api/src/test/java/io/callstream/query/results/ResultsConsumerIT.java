package io.callstream.query.results;

import static io.callstream.query.testing.RunningQueryApi.PATIENCE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import io.callstream.core.event.CallAnalyzed;
import io.callstream.core.event.CallstreamEvent;
import io.callstream.core.event.EventFixtures;
import io.callstream.core.event.InsightDetected;
import io.callstream.core.event.InsightType;
import io.callstream.core.event.MetricsUpdated;
import io.callstream.core.event.MindmapUpdated;
import io.callstream.core.event.Progress;
import io.callstream.core.event.SummaryUpdated;
import io.callstream.core.event.Topic;
import io.callstream.core.id.Ids;
import io.callstream.embedded.junit.Infrastructure;
import io.callstream.embedded.junit.SharedInfrastructure;
import io.callstream.query.live.LiveEvent;
import io.callstream.query.live.LiveFeed;
import io.callstream.query.live.Scope;
import io.callstream.query.testing.EventProducer;
import io.callstream.query.testing.RunningQueryApi;
import io.micrometer.core.instrument.MeterRegistry;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import reactor.core.publisher.Flux;
import reactor.test.StepVerifier;

@ExtendWith(SharedInfrastructure.class)
class ResultsConsumerIT {

  private static RunningQueryApi api;
  private static EventProducer producer;

  private String workspaceId;
  private EventFixtures.Call call;

  @BeforeAll
  static void start(Infrastructure infrastructure) {
    api =
        RunningQueryApi.start(
            infrastructure.postgres(),
            infrastructure.kafka(),
            Map.of("callstream.query.results.group-id", "it-results-" + Ids.timeOrdered()));
    producer = EventProducer.to(infrastructure.kafka());
  }

  @AfterAll
  static void stop() {
    producer.close();
    api.close();
  }

  @BeforeEach
  void newCall() {
    workspaceId = api.newWorkspace();
    call = EventFixtures.call(workspaceId, api.newCall(workspaceId));
  }

  @Test
  void shouldStoreEveryKindOfResultWithItsCiphertextAsItCame() {
    MindmapUpdated mindmap = call.mindmapUpdated(1);
    InsightDetected insight =
        call.insight(
            InsightType.ACTION_ITEM,
            "Send the revised budget",
            call.segmentId(0),
            call.segmentId(3));
    SummaryUpdated summary =
        call.summaryUpdated(1, "The team reviewed the budget.", call.segmentId(0));
    MetricsUpdated metrics = call.metricsUpdated();
    CallAnalyzed analyzed = call.analyzed(CallAnalyzed.Status.DEGRADED, "2 of 40 chunks timed out");
    CompletableFuture<List<String>> live = liveEvents(5);

    producer.send(mindmap, insight, summary, metrics, analyzed);

    assertThat(live.join())
        .containsExactlyElementsOf(ids(mindmap, insight, summary, metrics, analyzed));
    Map<String, Object> mindmapRow = row("select * from call_mindmaps");
    assertThat(mindmapRow)
        .containsEntry("version", 1L)
        .containsEntry("analyzer", "local")
        .containsEntry("event_id", mindmap.eventId());
    assertThat(bytes(mindmapRow.get("mindmap"))).isEqualTo(mindmap.mindmap().bytes());
    Map<String, Object> insightRow = row("select * from call_insights");
    assertThat(insightRow)
        .containsEntry("insight_id", insight.insightId())
        .containsEntry("type", "ACTION_ITEM");
    assertThat((String[]) insightRow.get("cited_segment_ids"))
        .containsExactly(call.segmentId(0), call.segmentId(3));
    assertThat(bytes(insightRow.get("body"))).isEqualTo(insight.body().bytes());
    Map<String, Object> summaryRow = row("select * from call_summaries");
    assertThat(bytes(summaryRow.get("summary"))).isEqualTo(summary.summary().bytes());
    assertThat(row("select talk_ratio, questions from call_metrics"))
        .containsEntry("talk_ratio", 0.6)
        .containsEntry("questions", 7);
    assertThat(
            (String)
                row("select talk_ms_by_speaker->>'spk_0' as spk_0 from call_metrics").get("spk_0"))
        .isEqualTo("36000");
    assertThat(row("select status, reason from call_analysis"))
        .containsEntry("status", "DEGRADED")
        .containsEntry("reason", "2 of 40 chunks timed out");
  }

  @Test
  void shouldStoreAnEventSentTwiceOnce() {
    MindmapUpdated mindmap = call.mindmapUpdated(1);
    SummaryUpdated sentinel = call.summaryUpdated(1, "Done.", call.segmentId(0));
    CompletableFuture<List<String>> live = liveEventsUntil(sentinel);

    producer.send(mindmap, mindmap, sentinel);

    assertThat(live.join()).containsExactlyElementsOf(ids(mindmap, sentinel));
    assertThat(timesConsumed(mindmap)).isEqualTo(1);
  }

  @Test
  void shouldNotLetAnOlderVersionOverwriteANewerOne() {
    MindmapUpdated newer = call.mindmapUpdated(2);
    MindmapUpdated older = call.mindmapUpdated(1);
    SummaryUpdated newerSummary = call.summaryUpdated(3, "Third.", call.segmentId(0));
    SummaryUpdated olderSummary = call.summaryUpdated(2, "Second.", call.segmentId(0));
    CallAnalyzed sentinel = call.analyzed(CallAnalyzed.Status.COMPLETED, null);
    CompletableFuture<List<String>> live = liveEventsUntil(sentinel);

    producer.send(newer, older, newerSummary, olderSummary, sentinel);

    assertThat(live.join()).containsExactlyElementsOf(ids(newer, newerSummary, sentinel));
    Map<String, Object> mindmapRow = row("select * from call_mindmaps");
    assertThat(mindmapRow).containsEntry("version", 2L);
    assertThat(bytes(mindmapRow.get("mindmap"))).isEqualTo(newer.mindmap().bytes());
    assertThat(row("select version from call_summaries")).containsEntry("version", 3L);
  }

  @Test
  void shouldPublishAnEventOnlyOnceItIsStored() {
    List<InsightDetected> insights =
        List.of(
            call.insight(InsightType.DECISION, "Ship in May", call.segmentId(1)),
            call.insight(InsightType.RISK, "Budget may slip", call.segmentId(2)),
            call.insight(InsightType.OPEN_QUESTION, "Who owns QA?", call.segmentId(4)));
    Flux<Boolean> storedWhenPublished =
        api.bean(LiveFeed.class)
            .events(Scope.call(workspaceId, call.callId()))
            .take(insights.size())
            .concatMap(
                event ->
                    api.db()
                        .sql(
                            "select exists (select 1 from call_insights c join consumed_events e"
                                + " on e.event_id = c.event_id where c.workspace_id = :ws"
                                + " and c.event_id = :eventId) as stored")
                        .bind("ws", workspaceId)
                        .bind("eventId", event.eventId())
                        .map(row -> row.get("stored", Boolean.class))
                        .one());

    StepVerifier.create(storedWhenPublished)
        .then(() -> producer.send(insights.toArray(CallstreamEvent[]::new)))
        .expectNext(true, true, true)
        .expectComplete()
        .verify(PATIENCE);
  }

  @Test
  void shouldSkipEventsOfAnUnknownCallAndCountThem() {
    EventFixtures.Call unknown = EventFixtures.call(workspaceId, Ids.timeOrdered());
    MindmapUpdated lost = unknown.mindmapUpdated(1);
    MindmapUpdated sentinel = call.mindmapUpdated(1);
    double skippedBefore = unknownCallsSkipped(Topic.INSIGHTS);
    CompletableFuture<List<String>> live =
        api.bean(LiveFeed.class)
            .events(Scope.workspace(workspaceId))
            .map(LiveEvent::eventId)
            .takeUntil(eventId -> eventId.equals(sentinel.eventId()))
            .collectList()
            .toFuture();

    // one partition, so the sentinel is read after the event of the unknown call
    producer.sendTo(0, lost);
    producer.sendTo(0, sentinel);

    assertThat(live.join()).containsExactlyElementsOf(ids(sentinel));
    assertThat(unknownCallsSkipped(Topic.INSIGHTS)).isEqualTo(skippedBefore + 1);
    assertThat(timesConsumed(lost)).isZero();
  }

  @Test
  void shouldKeepTheLatestProgressPerStage() {
    Progress analyzed3 = call.progress(Progress.Stage.ANALYZED, 3, 10, 42_000L);
    Progress analyzed5 = call.progress(Progress.Stage.ANALYZED, 5, 10, 20_000L);
    Progress chunked = call.progress(Progress.Stage.CHUNKED, 10, 10, null);
    Progress analyzed4Late = call.progress(Progress.Stage.ANALYZED, 4, 10, 30_000L);
    Progress sentinel = call.progress(Progress.Stage.SUMMARIZED, 0, 1, null);
    CompletableFuture<List<String>> live = liveEventsUntil(sentinel);

    producer.send(analyzed3, analyzed5, chunked, analyzed5, analyzed4Late, sentinel);

    assertThat(live.join()).containsExactlyElementsOf(ids(analyzed3, analyzed5, chunked, sentinel));
    List<Map<String, Object>> rows =
        api.db()
            .sql(
                "select stage, done, total, eta_ms from call_progress"
                    + " where workspace_id = :ws and call_id = :callId order by stage")
            .bind("ws", workspaceId)
            .bind("callId", call.callId())
            .fetch()
            .all()
            .collectList()
            .block(PATIENCE);
    assertThat(rows)
        .extracting(row -> row.get("stage"), row -> row.get("done"), row -> row.get("eta_ms"))
        .containsExactly(
            tuple("ANALYZED", 5L, 20_000L),
            tuple("CHUNKED", 10L, null),
            tuple("SUMMARIZED", 0L, null));
  }

  private static List<String> ids(CallstreamEvent... events) {
    return Stream.of(events).map(CallstreamEvent::eventId).toList();
  }

  private CompletableFuture<List<String>> liveEvents(int count) {
    return api.bean(LiveFeed.class)
        .events(Scope.call(workspaceId, call.callId()))
        .take(count)
        .map(LiveEvent::eventId)
        .collectList()
        .timeout(PATIENCE)
        .toFuture();
  }

  private CompletableFuture<List<String>> liveEventsUntil(CallstreamEvent last) {
    return api.bean(LiveFeed.class)
        .events(Scope.call(workspaceId, call.callId()))
        .map(LiveEvent::eventId)
        .takeUntil(eventId -> eventId.equals(last.eventId()))
        .collectList()
        .timeout(PATIENCE)
        .toFuture();
  }

  private double unknownCallsSkipped(Topic topic) {
    return api.bean(MeterRegistry.class)
        .get("callstream.query.consumer.skipped")
        .tag("topic", topic.topicName())
        .tag("reason", "unknown-call")
        .counter()
        .count();
  }

  /** The one row {@code select} (of a table with this call's results) finds of this call. */
  private Map<String, Object> row(String select) {
    return api.db()
        .sql(select + " where workspace_id = :ws and call_id = :callId")
        .bind("ws", workspaceId)
        .bind("callId", call.callId())
        .fetch()
        .one()
        .block(PATIENCE);
  }

  /** How often {@code consumed_events} holds the event. */
  private long timesConsumed(CallstreamEvent event) {
    return api.db()
        .sql("select count(*) as n from consumed_events where event_id = :eventId")
        .bind("eventId", event.eventId())
        .map(row -> row.get("n", Long.class))
        .one()
        .block(PATIENCE);
  }

  /** A bytea column as R2DBC PostgreSQL returns it by default. */
  private static byte[] bytes(Object column) {
    ByteBuffer buffer = (ByteBuffer) column;
    byte[] array = new byte[buffer.remaining()];
    buffer.duplicate().get(array);
    return array;
  }
}
