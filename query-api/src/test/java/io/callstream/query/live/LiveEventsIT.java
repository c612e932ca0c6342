package io.callstream.query.live;

import static io.callstream.query.testing.RunningQueryApi.PATIENCE;
import static org.assertj.core.api.Assertions.assertThat;

import io.callstream.api.auth.ApiKeyRepository;
import io.callstream.api.auth.ApiKeySecret;
import io.callstream.api.auth.Role;
import io.callstream.core.crypto.FieldCipher;
import io.callstream.core.event.CallstreamEvent;
import io.callstream.core.event.EventFixtures;
import io.callstream.core.event.InsightType;
import io.callstream.core.event.Progress;
import io.callstream.core.id.Ids;
import io.callstream.embedded.junit.Infrastructure;
import io.callstream.embedded.junit.SharedInfrastructure;
import io.callstream.query.testing.EventProducer;
import io.callstream.query.testing.Eventually;
import io.callstream.query.testing.RunningQueryApi;
import io.callstream.query.testing.SealedResults;
import io.micrometer.core.instrument.MeterRegistry;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.core.env.Environment;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

@ExtendWith(SharedInfrastructure.class)
class LiveEventsIT {

  private static final int BUFFER = 64;
  private static final JsonMapper JSON = JsonMapper.builder().build();

  private static RunningQueryApi api;
  private static EventProducer producer;
  private static int port;

  private String workspaceId;
  private String bearer;
  private String callId;
  private SealedResults sealed;

  @BeforeAll
  static void start(Infrastructure infrastructure) {
    api =
        RunningQueryApi.start(
            infrastructure.postgres(),
            infrastructure.kafka(),
            Map.of(
                "callstream.query.results.group-id",
                "it-live-" + Ids.timeOrdered(),
                // small batches, so one poll's burst does not by itself outrun a fast reader
                "callstream.query.results.max-poll-records",
                "20",
                "callstream.query.sse.heartbeat",
                "300ms",
                "callstream.query.sse.buffer",
                Integer.toString(BUFFER)));
    producer = EventProducer.to(infrastructure.kafka());
    port =
        Integer.parseInt(
            String.valueOf(api.bean(Environment.class).getProperty("local.server.port")));
  }

  @AfterAll
  static void stop() {
    producer.close();
    api.close();
  }

  @BeforeEach
  void newCall() {
    workspaceId = api.newWorkspace();
    bearer = newKey(workspaceId);
    callId = api.newCall(workspaceId);
    sealed = sealed(workspaceId, callId);
  }

  @Test
  void shouldSendDecryptedViewsWithTheirTypesAndCursorIds() {
    CallstreamEvent mindmap = sealed.mindmap(1, SealedResults.budgetMindmap());
    CallstreamEvent insight =
        sealed.insight(InsightType.DECISION, "Ship in May", Instant.now(), "seg-1");
    CallstreamEvent summary = sealed.summary(1, "Shipping in May.");
    Progress progress =
        EventFixtures.call(workspaceId, callId).progress(Progress.Stage.ANALYZED, 3, 10, null);
    try (SseClient client = SseClient.open(callEvents(callId), bearer, null).awaitConnected()) {

      producer.send(mindmap, insight, summary);
      List<SseFrame> results = client.events(3);
      producer.send(progress);
      SseFrame progressFrame = client.nextEvent();

      assertThat(results)
          .extracting(SseFrame::event)
          .containsExactly(
              mindmap.type().ceType(), insight.type().ceType(), summary.type().ceType());
      assertThat(data(results.get(0)).path("root").path("label").asString())
          .isEqualTo("Budget review");
      assertThat(data(results.get(1)).path("text").asString()).isEqualTo("Ship in May");
      assertThat(data(results.get(2)).path("text").asString()).isEqualTo("Shipping in May.");
      assertThat(progressFrame.event()).isEqualTo(progress.type().ceType());
      assertThat(data(progressFrame).path("stage").asString()).isEqualTo("ANALYZED");
      assertThat(data(progressFrame).path("done").asLong()).isEqualTo(3);
      // each id is the cursor after its event: results and progress in their own partitions
      StreamCursor afterResults = results.get(2).cursor();
      StreamCursor afterProgress = progressFrame.cursor();
      assertThat(afterResults.entries()).hasSize(1);
      assertThat(afterProgress.entries()).hasSize(2).containsAll(afterResults.entries());
      assertThat(results.get(0).cursor()).isNotEqualTo(results.get(1).cursor());
    }
  }

  @Test
  void shouldStreamEveryCallOfTheWorkspaceAndNoOtherWorkspace() {
    String second = api.newCall(workspaceId);
    String otherWorkspace = api.newWorkspace();
    String elsewhere = api.newCall(otherWorkspace);
    try (SseClient client = SseClient.open(workspaceEvents(), bearer, null).awaitConnected()) {

      producer.send(
          sealed.mindmap(1, SealedResults.budgetMindmap()),
          sealed(otherWorkspace, elsewhere).mindmap(1, SealedResults.budgetMindmap()),
          sealed(workspaceId, second).mindmap(1, SealedResults.budgetMindmap()));
      List<SseFrame> events = client.events(2);
      producer.send(sealed.mindmap(2, SealedResults.budgetMindmap()));
      SseFrame last = client.nextEvent();

      assertThat(events)
          .extracting(frame -> data(frame).path("callId").asString())
          .containsExactlyInAnyOrder(callId, second);
      assertThat(data(last).path("callId").asString()).isEqualTo(callId);
      assertThat(data(last).path("version").asLong()).isEqualTo(2);
    }
  }

  @Test
  void shouldStartFromNowWithoutLastEventId() {
    producer.send(sealed.mindmap(1, SealedResults.budgetMindmap()));
    Eventually.await("the first event is stored", () -> loggedEvents(callId) == 1);

    try (SseClient client = SseClient.open(callEvents(callId), bearer, null).awaitConnected()) {
      producer.send(sealed.mindmap(2, SealedResults.budgetMindmap()));

      assertThat(data(client.nextEvent()).path("version").asLong()).isEqualTo(2);
    }
  }

  @Test
  void shouldResumeAfterLastEventIdWithEveryMissedEventOnceThenLiveOnes() {
    EventFixtures.Call call = EventFixtures.call(workspaceId, callId);
    String lastSeen;
    try (SseClient first = SseClient.open(callEvents(callId), bearer, null).awaitConnected()) {
      producer.send(
          sealed.mindmap(1, SealedResults.budgetMindmap()),
          sealed.mindmap(2, SealedResults.budgetMindmap()));
      lastSeen = first.events(2).get(1).id();
    }
    // missed while disconnected, results and progress, stored before the client comes back
    producer.send(
        sealed.mindmap(3, SealedResults.budgetMindmap()),
        call.progress(Progress.Stage.ANALYZED, 1, 4, null),
        sealed.mindmap(4, SealedResults.budgetMindmap()),
        call.progress(Progress.Stage.ANALYZED, 2, 4, null));
    Eventually.await("the missed events are stored", () -> loggedEvents(callId) == 6);

    try (SseClient resumed =
        SseClient.open(callEvents(callId), bearer, lastSeen).awaitConnected()) {
      List<SseFrame> replayed = resumed.events(4);
      producer.send(
          sealed.mindmap(5, SealedResults.budgetMindmap()),
          call.progress(Progress.Stage.ANALYZED, 3, 4, null));
      List<SseFrame> live = resumed.events(2);

      assertThat(replayed.stream().filter(frame -> data(frame).has("version")))
          .extracting(frame -> data(frame).path("version").asLong())
          .containsExactly(3L, 4L);
      assertThat(replayed.stream().filter(frame -> data(frame).has("stage")))
          .extracting(frame -> data(frame).path("done").asLong())
          .containsExactly(1L, 2L);
      assertThat(live)
          .extracting(frame -> data(frame).has("version") ? "mindmap 5" : "progress 3")
          .containsExactlyInAnyOrder("mindmap 5", "progress 3");
      // resuming from the last id again finds nothing more: every event was sent once
      try (SseClient again =
          SseClient.open(callEvents(callId), bearer, live.get(1).id()).awaitConnected()) {
        producer.send(sealed.mindmap(6, SealedResults.budgetMindmap()));
        assertThat(data(again.nextEvent()).path("version").asLong()).isEqualTo(6);
      }
    }
  }

  @Test
  void shouldSendHeartbeatComments() {
    try (SseClient client = SseClient.open(callEvents(callId), bearer, null).awaitConnected()) {
      assertThat(List.of(client.next(), client.next()))
          .extracting(SseFrame::comment)
          .containsExactly("heartbeat", "heartbeat");
    }
  }

  @Test
  void shouldAnswer404ProblemForAnotherWorkspacesStreams() throws IOException {
    String otherWorkspace = api.newWorkspace();
    String otherBearer = newKey(otherWorkspace);

    assertNotFoundProblem(SseClient.send(callEvents(callId), otherBearer, null));
    assertNotFoundProblem(SseClient.send(workspaceEvents(), otherBearer, null));
    assertNotFoundProblem(SseClient.send(callEvents(Ids.timeOrdered()), bearer, null));
  }

  @Test
  void shouldAnswer400ProblemForALastEventIdThisApiDidNotSend() throws IOException {
    for (String bad : List.of("abc", "42", "i1-5.i1-6", "x0-1", "i0-99999999999999999999")) {
      HttpResponse<InputStream> response = SseClient.send(callEvents(callId), bearer, bad);

      assertThat(response.statusCode()).as(bad).isEqualTo(400);
      assertThat(response.headers().firstValue("Content-Type"))
          .hasValue("application/problem+json");
      response.body().close();
    }
  }

  @Test
  void shouldCloseAStalledSubscriberWhileFastOnesReceiveEverything() throws IOException {
    MeterRegistry meters = api.bean(MeterRegistry.class);
    double closedBefore = closedForOverflow(meters);
    List<SseClient> fast = new ArrayList<>();
    try (Socket stalled = stalledSubscriber()) {
      for (int i = 0; i < 3; i++) {
        fast.add(SseClient.open(workspaceEvents(), bearer, null).awaitConnected());
      }
      // insights of about 30 KB each, until the stalled subscriber's queue overflowed
      List<String> sent = new ArrayList<>();
      String padding = "x".repeat(30_000);
      while (closedForOverflow(meters) == closedBefore) {
        assertThat(sent).as("events sent before the stalled stream closed").hasSizeLessThan(3_000);
        for (int i = 0; i < 20; i++) {
          String text = sent.size() + " " + padding;
          sent.add(text);
          producer.send(sealed.insight(InsightType.RISK, text, Instant.now(), "seg-1"));
        }
        Eventually.await("the batch is stored", () -> loggedEvents(callId) == sent.size());
      }

      for (SseClient client : fast) {
        List<SseFrame> received = client.events(sent.size());
        assertThat(received)
            .extracting(frame -> data(frame).path("text").asString())
            .containsExactlyElementsOf(sent);
        assertThat(received).extracting(SseFrame::id).doesNotHaveDuplicates();
      }
      // what the stalled subscriber finds once it reads: some events, then the end of the stream
      String stalledRead =
          new String(stalled.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      assertThat(countMatches(stalledRead, Pattern.compile("\nevent:")))
          .isGreaterThan(0)
          .isLessThan(sent.size());
    } finally {
      fast.forEach(SseClient::close);
    }
  }

  /**
   * A subscriber that never reads, with a small receive window so that its stream backs up into the
   * service soon: a raw socket, so nothing reads on its behalf.
   */
  private Socket stalledSubscriber() throws IOException {
    Socket socket = new Socket();
    socket.setReceiveBufferSize(4096);
    socket.setSoTimeout((int) PATIENCE.toMillis());
    socket.connect(new InetSocketAddress("localhost", port));
    OutputStream out = socket.getOutputStream();
    out.write(
        ("GET "
                + workspaceEvents().getRawPath()
                + " HTTP/1.1\r\nHost: localhost\r\n"
                + "Authorization: "
                + bearer
                + "\r\nAccept: text/event-stream\r\n"
                + "Connection: close\r\n\r\n")
            .getBytes(StandardCharsets.US_ASCII));
    out.flush();
    // read the head and the first comment only, so the subscription exists before events flow
    InputStream in = socket.getInputStream();
    StringBuilder head = new StringBuilder();
    while (!head.toString().contains(":connected")) {
      int b = in.read();
      assertThat(b).as("the stalled subscriber's stream opened").isNotNegative();
      head.append((char) b);
    }
    assertThat(head.toString()).startsWith("HTTP/1.1 200");
    return socket;
  }

  private static int countMatches(String text, Pattern pattern) {
    Matcher matcher = pattern.matcher(text);
    int count = 0;
    while (matcher.find()) {
      count++;
    }
    return count;
  }

  private static double closedForOverflow(MeterRegistry meters) {
    return meters.get("callstream.query.sse.closed").tag("reason", "overflow").counter().count();
  }

  private static void assertNotFoundProblem(HttpResponse<InputStream> response) throws IOException {
    try (InputStream body = response.body()) {
      assertThat(response.statusCode()).isEqualTo(404);
      assertThat(response.headers().firstValue("Content-Type"))
          .hasValue("application/problem+json");
      assertThat(new String(body.readAllBytes(), StandardCharsets.UTF_8))
          .contains("\"status\":404");
    }
  }

  private static JsonNode data(SseFrame frame) {
    return JSON.readTree(String.valueOf(frame.data()));
  }

  private long loggedEvents(String ofCall) {
    return api.db()
        .sql(
            "select count(*) as n from live_events where workspace_id = :ws"
                + " and call_id = :callId")
        .bind("ws", workspaceId)
        .bind("callId", ofCall)
        .map(row -> row.get("n", Long.class))
        .one()
        .block(PATIENCE);
  }

  private static SealedResults sealed(String workspace, String call) {
    return new SealedResults(api.bean(FieldCipher.class), workspace, call);
  }

  private String newKey(String workspace) {
    ApiKeySecret key = ApiKeySecret.generate();
    api.bean(ApiKeyRepository.class).insert(workspace, key, "it key", Role.MEMBER).block(PATIENCE);
    return "Bearer " + key.token();
  }

  private URI callEvents(String ofCall) {
    return URI.create(
        "http://localhost:"
            + port
            + "/v1/workspaces/"
            + workspaceId
            + "/calls/"
            + ofCall
            + "/events");
  }

  private URI workspaceEvents() {
    return URI.create("http://localhost:" + port + "/v1/workspaces/" + workspaceId + "/events");
  }
}
