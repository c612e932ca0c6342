package io.callstream.query.live;

import static io.callstream.query.testing.RunningQueryApi.PATIENCE;
import static org.assertj.core.api.Assertions.assertThat;

import io.callstream.api.auth.ApiKeyRepository;
import io.callstream.api.auth.ApiKeySecret;
import io.callstream.api.auth.Role;
import io.callstream.core.event.CallstreamEvent;
import io.callstream.core.event.EventFixtures;
import io.callstream.core.event.EventJson;
import io.callstream.core.event.InsightType;
import io.callstream.core.event.Progress;
import io.callstream.core.id.Ids;
import io.callstream.embedded.junit.Infrastructure;
import io.callstream.embedded.junit.SharedInfrastructure;
import io.callstream.query.testing.EventProducer;
import io.callstream.query.testing.Eventually;
import io.callstream.query.testing.RunningQueryApi;
import io.micrometer.core.instrument.MeterRegistry;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.assertj.core.groups.Tuple;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.core.env.Environment;

@ExtendWith(SharedInfrastructure.class)
class LiveEventsIT {

  private static final int BUFFER = 64;

  private static RunningQueryApi api;
  private static EventProducer producer;
  private static int port;

  private String workspaceId;
  private String bearer;
  private EventFixtures.Call call;

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
    call = EventFixtures.call(workspaceId, api.newCall(workspaceId));
  }

  @Test
  void shouldSendLiveEventsWithIncreasingIdsTypesAndJson() {
    CallstreamEvent mindmap = call.mindmapUpdated(1);
    CallstreamEvent insight = call.insight(InsightType.DECISION, "Ship in May", call.segmentId(1));
    CallstreamEvent summary = call.summaryUpdated(1, "Shipping in May.", call.segmentId(1));
    Progress progress = call.progress(Progress.Stage.ANALYZED, 3, 10, null);
    try (SseClient client = SseClient.open(callEvents(call), bearer, null).awaitConnected()) {

      producer.send(mindmap, insight, summary);
      List<SseFrame> results = client.events(3);
      producer.send(progress);
      SseFrame progressFrame = client.nextEvent();

      assertThat(results)
          .extracting(SseFrame::event, SseFrame::data)
          .containsExactly(frameOf(mindmap), frameOf(insight), frameOf(summary));
      assertThat(results.get(1).position()).isGreaterThan(results.get(0).position());
      assertThat(results.get(2).position()).isGreaterThan(results.get(1).position());
      assertThat(progressFrame)
          .extracting(SseFrame::event, SseFrame::data)
          .containsExactly(progress.type().ceType(), json(progress));
      // not logged: it carries the position of the last result sent, so resuming skips nothing
      assertThat(progressFrame.id()).isEqualTo(results.get(2).id());
    }
  }

  @Test
  void shouldStreamEveryCallOfTheWorkspaceAndNoOtherWorkspace() {
    EventFixtures.Call second = EventFixtures.call(workspaceId, api.newCall(workspaceId));
    String otherWorkspace = api.newWorkspace();
    EventFixtures.Call elsewhere = EventFixtures.call(otherWorkspace, api.newCall(otherWorkspace));
    try (SseClient client = SseClient.open(workspaceEvents(), bearer, null).awaitConnected()) {

      producer.send(call.mindmapUpdated(1), elsewhere.mindmapUpdated(1), second.mindmapUpdated(1));
      List<SseFrame> events = client.events(2);
      producer.send(call.mindmapUpdated(2));

      assertThat(events)
          .extracting(SseFrame::data)
          .containsExactlyInAnyOrder(json(call.mindmapUpdated(1)), json(second.mindmapUpdated(1)));
      assertThat(client.nextEvent().data()).isEqualTo(json(call.mindmapUpdated(2)));
    }
  }

  @Test
  void shouldResumeAfterLastEventIdWithEveryMissedEventOnceThenLiveOnes() {
    List<CallstreamEvent> events = new ArrayList<>();
    for (long version = 1; version <= 6; version++) {
      events.add(call.mindmapUpdated(version));
    }
    String lastSeen;
    try (SseClient first = SseClient.open(callEvents(call), bearer, null).awaitConnected()) {
      producer.send(events.get(0), events.get(1));
      lastSeen = first.events(2).get(1).id();
    }
    // missed while disconnected, and stored before the client comes back
    producer.send(events.get(2), events.get(3));
    Eventually.await("the missed events are stored", () -> loggedEvents(call) == 4);

    try (SseClient resumed = SseClient.open(callEvents(call), bearer, lastSeen).awaitConnected()) {
      List<SseFrame> replayed = resumed.events(2);
      producer.send(events.get(4), events.get(5));
      List<SseFrame> live = resumed.events(2);

      assertThat(replayed)
          .extracting(SseFrame::data)
          .containsExactly(json(events.get(2)), json(events.get(3)));
      assertThat(live)
          .extracting(SseFrame::data)
          .containsExactly(json(events.get(4)), json(events.get(5)));
      assertThat(replayed.get(0).position()).isGreaterThan(Long.parseLong(lastSeen));
      assertThat(live.get(0).position()).isGreaterThan(replayed.get(1).position());
    }
  }

  @Test
  void shouldSendHeartbeatComments() {
    try (SseClient client = SseClient.open(callEvents(call), bearer, null).awaitConnected()) {
      assertThat(List.of(client.next(), client.next()))
          .extracting(SseFrame::comment)
          .containsExactly("heartbeat", "heartbeat");
    }
  }

  @Test
  void shouldAnswer404ProblemForAnotherWorkspacesStreams() throws IOException {
    String otherWorkspace = api.newWorkspace();
    String otherBearer = newKey(otherWorkspace);

    assertNotFoundProblem(SseClient.send(callEvents(call), otherBearer, null));
    assertNotFoundProblem(SseClient.send(workspaceEvents(), otherBearer, null));
    assertNotFoundProblem(
        SseClient.send(
            callEvents(EventFixtures.call(workspaceId, Ids.timeOrdered())), bearer, null));
  }

  @Test
  void shouldAnswer400ProblemForALastEventIdThatIsNoPosition() throws IOException {
    HttpResponse<InputStream> response = SseClient.send(callEvents(call), bearer, "abc");

    assertThat(response.statusCode()).isEqualTo(400);
    assertThat(response.headers().firstValue("Content-Type")).hasValue("application/problem+json");
    response.body().close();
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
      // events of about 40 KB each, until the stalled subscriber's queue overflowed
      List<CallstreamEvent> sent = new ArrayList<>();
      String padding = "x".repeat(30_000);
      while (closedForOverflow(meters) == closedBefore) {
        assertThat(sent).as("events sent before the stalled stream closed").hasSizeLessThan(3_000);
        for (int i = 0; i < 20; i++) {
          CallstreamEvent event =
              call.insight(InsightType.RISK, sent.size() + " " + padding, call.segmentId(0));
          sent.add(event);
          producer.send(event);
        }
        Eventually.await("the batch is stored", () -> loggedEvents(call) == sent.size());
      }
      List<String> expected = sent.stream().map(LiveEventsIT::json).toList();

      for (SseClient client : fast) {
        List<SseFrame> received = client.events(sent.size());
        assertThat(received).extracting(SseFrame::data).containsExactlyElementsOf(expected);
        assertThat(received).extracting(SseFrame::position).isSorted().doesNotHaveDuplicates();
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

  private long loggedEvents(EventFixtures.Call of) {
    return api.db()
        .sql(
            "select count(*) as n from consumed_events where workspace_id = :ws"
                + " and call_id = :callId and event_json is not null")
        .bind("ws", of.workspaceId())
        .bind("callId", of.callId())
        .map(row -> row.get("n", Long.class))
        .one()
        .block(PATIENCE);
  }

  private String newKey(String workspace) {
    ApiKeySecret key = ApiKeySecret.generate();
    api.bean(ApiKeyRepository.class).insert(workspace, key, "it key", Role.MEMBER).block(PATIENCE);
    return "Bearer " + key.token();
  }

  private URI callEvents(EventFixtures.Call of) {
    return URI.create(
        "http://localhost:"
            + port
            + "/v1/workspaces/"
            + of.workspaceId()
            + "/calls/"
            + of.callId()
            + "/events");
  }

  private URI workspaceEvents() {
    return URI.create("http://localhost:" + port + "/v1/workspaces/" + workspaceId + "/events");
  }

  private static Tuple frameOf(CallstreamEvent event) {
    return Tuple.tuple(event.type().ceType(), json(event));
  }

  private static String json(CallstreamEvent event) {
    return new String(EventJson.write(event), StandardCharsets.UTF_8);
  }
}
