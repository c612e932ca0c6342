package io.callstream.query.api;

import static io.callstream.query.testing.RunningQueryApi.PATIENCE;
import static org.assertj.core.api.Assertions.assertThat;

import io.callstream.api.auth.ApiKeyRepository;
import io.callstream.api.auth.ApiKeySecret;
import io.callstream.api.auth.Role;
import io.callstream.core.crypto.BlindIndex;
import io.callstream.core.crypto.FieldCipher;
import io.callstream.core.crypto.SearchTokens;
import io.callstream.core.event.TranscriptSegment;
import io.callstream.core.id.Ids;
import io.callstream.core.meeting.Meeting;
import io.callstream.core.meeting.Meetings;
import io.callstream.embedded.junit.Infrastructure;
import io.callstream.embedded.junit.SharedInfrastructure;
import io.callstream.query.testing.EventProducer;
import io.callstream.query.testing.Eventually;
import io.callstream.query.testing.RunningQueryApi;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.core.env.Environment;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Transcripts of a real meeting through Kafka into PostgreSQL, encrypted for real, then read,
 * searched and filtered over HTTP.
 */
@ExtendWith(SharedInfrastructure.class)
class TranscriptSearchIT {

  private static final String PROBLEM_JSON = "application/problem+json";
  private static final JsonMapper JSON = JsonMapper.builder().build();

  /** The opening of a real meeting: enough turns for several pages and varied words. */
  private static final List<Meeting.Turn> TURNS = Meetings.load("ES2002a").turns().subList(0, 40);

  /** A word the meeting never says. */
  private static final String ABSENT = "zeppelin";

  private static RunningQueryApi api;
  private static EventProducer producer;
  private static HttpClient http;
  private static String base;

  private String workspaceId;
  private String token;

  @BeforeAll
  static void start(Infrastructure infrastructure) {
    api =
        RunningQueryApi.start(
            infrastructure.postgres(),
            infrastructure.kafka(),
            Map.of("callstream.query.results.group-id", "it-transcript-" + Ids.timeOrdered()));
    producer = EventProducer.to(infrastructure.kafka());
    http = HttpClient.newBuilder().connectTimeout(PATIENCE).build();
    base = "http://localhost:" + api.bean(Environment.class).getProperty("local.server.port");
  }

  @AfterAll
  static void stop() {
    producer.close();
    api.close();
  }

  @BeforeEach
  void newWorkspace() {
    workspaceId = api.newWorkspace();
    token = newKey(workspaceId);
  }

  @Test
  void shouldServeTheDecryptedTranscriptPageByPageInSequenceOrder() {
    String callId = meetingCall("Kick-off", Instant.now());

    List<String> texts = new ArrayList<>();
    List<Long> sequences = new ArrayList<>();
    String cursor = null;
    int pages = 0;
    do {
      Answer answer =
          get(
              "/calls/"
                  + callId
                  + "/transcript?limit=15"
                  + (cursor == null ? "" : "&cursor=" + cursor));
      assertThat(answer.status()).isEqualTo(200);
      JsonNode page = answer.json();
      page.get("items")
          .forEach(
              item -> {
                texts.add(item.get("text").asString());
                sequences.add(item.get("sequence").asLong());
                assertThat(item.get("finalResult").asBoolean()).isTrue();
              });
      cursor = page.get("nextCursor").isNull() ? null : page.get("nextCursor").asString();
      pages++;
    } while (cursor != null && pages < 10);

    assertThat(pages).isEqualTo(3);
    assertThat(texts).containsExactlyElementsOf(TURNS.stream().map(Meeting.Turn::text).toList());
    assertThat(sequences).isSorted().doesNotHaveDuplicates().hasSize(TURNS.size());
    JsonNode first = get("/calls/" + callId + "/transcript?limit=1").json().get("items").get(0);
    assertThat(first.get("speaker").asString()).isEqualTo(TURNS.get(0).speaker());
    assertThat(first.get("endMs").asLong()).isEqualTo(TURNS.get(0).endMs());
    assertThat(first.get("segmentId").asString()).isNotBlank();
  }

  @Test
  void shouldFindTheSegmentOfAPhraseAndNothingForAnAbsentWord() {
    assertThat(TURNS).noneMatch(turn -> SearchTokens.of(turn.text()).contains(ABSENT));
    String callId = meetingCall("Kick-off", Instant.now());
    int turn = turnWithPhrase();
    String phrase = phraseOf(TURNS.get(turn).text());

    JsonNode hits = get("/search?q=" + encode(phrase)).json().get("items");
    Answer absent = get("/search?q=" + ABSENT);

    assertThat(hits).isNotEmpty();
    List<Long> found = new ArrayList<>();
    hits.forEach(
        hit -> {
          found.add(hit.get("sequence").asLong());
          assertThat(hit.get("callId").asString()).isEqualTo(callId);
          assertThat(hit.get("callTitle").asString()).isEqualTo("Kick-off");
          assertThat(SearchTokens.containsAll(hit.get("text").asString(), phrase)).isTrue();
        });
    assertThat(found).contains((long) turn);
    JsonNode hit = hits.get(found.indexOf((long) turn));
    assertThat(hit.get("text").asString()).isEqualTo(TURNS.get(turn).text());
    assertThat(hit.get("speaker").asString()).isEqualTo(TURNS.get(turn).speaker());
    assertThat(hit.get("startMs").asLong()).isEqualTo(TURNS.get(turn).startMs());
    assertThat(absent.status()).isEqualTo(200);
    assertThat(absent.json().get("items")).isEmpty();
  }

  @Test
  void shouldKeepAnotherWorkspaceFromFindingOrReadingTheTranscript() {
    String callId = meetingCall("Kick-off", Instant.now());
    String phrase = phraseOf(TURNS.get(turnWithPhrase()).text());
    String otherWorkspace = api.newWorkspace();
    String otherToken = newKey(otherWorkspace);
    String otherCall = api.newCall(otherWorkspace);
    String ownWords = "The budget numbers look fine";
    producer.send(
        new SealedTranscript(api.bean(FieldCipher.class), otherWorkspace, otherCall)
            .segment(0, ownWords));
    awaitSegments(otherCall, 1);

    Answer search =
        send("/v1/workspaces/" + otherWorkspace + "/search?q=" + encode(phrase), otherToken);
    Answer ownSearch = send("/v1/workspaces/" + otherWorkspace + "/search?q=budget", otherToken);
    Answer transcript =
        send("/v1/workspaces/" + otherWorkspace + "/calls/" + callId + "/transcript", otherToken);

    assertThat(search.status()).isEqualTo(200);
    assertThat(search.json().get("items")).isEmpty();
    assertThat(ownSearch.json().get("items")).hasSize(1);
    assertThat(ownSearch.json().get("items").get(0).get("text").asString()).isEqualTo(ownWords);
    assertThat(transcript.status()).isEqualTo(404);
    assertThat(transcript.contentType()).startsWith(PROBLEM_JSON);
    assertThat(transcript.body()).doesNotContain(TURNS.get(0).text());
  }

  @Test
  void shouldStoreNeitherTheWordsNorTheirOrderInPostgres() {
    String callId = meetingCall("Kick-off", Instant.now());
    Set<String> words = new TreeSet<>();
    for (Meeting.Turn turn : TURNS) {
      // five letters or more: a shorter run of letters turns up in random bytes by chance
      Arrays.stream(turn.text().toLowerCase(Locale.ROOT).split("[^a-z]+"))
          .filter(word -> word.length() >= 5)
          .forEach(words::add);
    }
    assertThat(words).hasSizeGreaterThan(20);

    List<StoredRow> rows =
        api.db()
            .sql(
                "select sequence, text, tokens::text as tokens from call_transcript_segments"
                    + " where workspace_id = :ws and call_id = :callId order by sequence")
            .bind("ws", workspaceId)
            .bind("callId", callId)
            .map(
                row ->
                    new StoredRow(
                        row.get("sequence", Long.class),
                        row.get("text", byte[].class),
                        row.get("tokens", String.class)))
            .all()
            .collectList()
            .block(PATIENCE);

    assertThat(rows).hasSize(TURNS.size());
    for (StoredRow row : rows) {
      String text = new String(row.text(), StandardCharsets.ISO_8859_1).toLowerCase(Locale.ROOT);
      assertThat(words).noneMatch(text::contains);
      // numbers only, one per distinct word, in ascending order rather than the spoken one
      assertThat(row.tokens()).matches("\\{(-?\\d+(,-?\\d+)*)?}");
      List<Long> tokens = tokensOf(row.tokens());
      assertThat(tokens)
          .isSorted()
          .hasSize(SearchTokens.of(TURNS.get((int) row.sequence()).text()).size());
    }
  }

  @Test
  void shouldNeverLetAnInterimRevisionReplaceAFinalOne() {
    String callId = api.newCall(workspaceId);
    SealedTranscript transcript = sealed(callId);
    Instant start = Instant.now();
    producer.send(
        transcript.revision(0, "the settled wording", true, start),
        // later, but interim: a recognizer's late revision must not undo the final text
        transcript.revision(0, "an unsettled draft", false, start.plusSeconds(5)),
        transcript.revision(1, "first draft", false, start),
        transcript.revision(1, "second draft", false, start.plusSeconds(1)),
        transcript.revision(1, "what was agreed", true, start.plusSeconds(2)),
        transcript.revision(2, "still talking", false, start));
    // the same partition (keyed by call), so everything before it was applied too
    producer.send(transcript.segment(3, "sentinel"));
    awaitSegments(callId, 4);

    JsonNode items = get("/calls/" + callId + "/transcript").json().get("items");

    assertThat(items.get(0).get("text").asString()).isEqualTo("the settled wording");
    assertThat(items.get(0).get("finalResult").asBoolean()).isTrue();
    assertThat(items.get(1).get("text").asString()).isEqualTo("what was agreed");
    assertThat(items.get(2).get("text").asString()).isEqualTo("still talking");
    assertThat(items.get(2).get("finalResult").asBoolean()).isFalse();
    assertThat(get("/search?q=unsettled").json().get("items")).isEmpty();
    assertThat(get("/search?q=draft").json().get("items")).isEmpty();
    assertThat(get("/search?q=settled+wording").json().get("items")).hasSize(1);
  }

  @Test
  void shouldPageSearchHitsNewestCallFirstThenInSequenceOrder() {
    String older = insertCall("Budget kickoff", Instant.parse("2026-02-01T09:00:00Z"));
    String newer = insertCall("Budget follow-up", Instant.parse("2026-02-02T09:00:00Z"));
    for (String callId : List.of(older, newer)) {
      SealedTranscript transcript = sealed(callId);
      producer.send(
          transcript.segment(0, "Shall we go over the budget?"),
          transcript.segment(1, "Hiring comes later."),
          transcript.segment(2, "The BUDGET for Q3 is set."),
          transcript.segment(3, "Budget, budget, budget."));
      awaitSegments(callId, 4);
    }

    List<String> seen = new ArrayList<>();
    String cursor = null;
    int pages = 0;
    do {
      JsonNode page =
          get("/search?q=budget&limit=2" + (cursor == null ? "" : "&cursor=" + cursor)).json();
      page.get("items")
          .forEach(
              hit -> seen.add(hit.get("callId").asString() + "/" + hit.get("sequence").asLong()));
      cursor = page.get("nextCursor").isNull() ? null : page.get("nextCursor").asString();
      pages++;
    } while (cursor != null && pages < 10);

    assertThat(seen)
        .containsExactly(
            newer + "/0", newer + "/2", newer + "/3", older + "/0", older + "/2", older + "/3");
    assertThat(pages).isEqualTo(3);
  }

  @Test
  void shouldDropAHitWhosePlaintextDoesNotHoldTheQuery() {
    String callId = api.newCall(workspaceId);
    producer.send(sealed(callId).segment(0, "The budget looks fine"));
    awaitSegments(callId, 1);
    // What a collision of truncated HMACs would look like: the tokens claim a word the text lacks.
    Long[] absent =
        api.bean(BlindIndex.class).lookup(workspaceId, ABSENT).orElseThrow().toArray(Long[]::new);
    long claimed =
        api.db()
            .sql(
                "update call_transcript_segments set tokens = tokens || :absent"
                    + " where workspace_id = :ws and call_id = :callId")
            .bind("absent", absent)
            .bind("ws", workspaceId)
            .bind("callId", callId)
            .fetch()
            .rowsUpdated()
            .block(PATIENCE);
    assertThat(claimed).isEqualTo(1);

    assertThat(get("/search?q=" + ABSENT).json().get("items")).isEmpty();
    assertThat(get("/search?q=budget").json().get("items")).hasSize(1);
  }

  @Test
  void shouldFilterCallsByParticipantAndByTitleOrTranscriptText() {
    String weekly = insertCall("Weekly sync", Instant.parse("2026-03-01T09:00:00Z"));
    String launch = insertCall("Zeppelin launch", Instant.parse("2026-03-02T09:00:00Z"));
    String other = insertCall("Hiring", Instant.parse("2026-03-03T09:00:00Z"));
    insertParticipants(weekly, "Ana Lopez", "Bob");
    insertParticipants(launch, "Carla");
    insertParticipants(other, "Anabel");
    producer.send(
        sealed(weekly).segment(0, "Did anyone see the zeppelin over the harbour?"),
        sealed(other).segment(0, "Nothing about airships here."));
    awaitSegments(weekly, 1);
    awaitSegments(other, 1);

    assertThat(ids(get("/calls?participant=ana"))).containsExactly(other, weekly);
    assertThat(ids(get("/calls?participant=ANA%20LOPEZ"))).containsExactly(weekly);
    assertThat(ids(get("/calls?participant=lopez"))).isEmpty();
    assertThat(ids(get("/calls?text=Zeppelin"))).containsExactly(launch, weekly);
    assertThat(ids(get("/calls?text=zeppelin%20harbour"))).containsExactly(weekly);
    assertThat(ids(get("/calls?text=zeppelin&participant=carla"))).containsExactly(launch);
    assertThat(ids(get("/calls?text=airships"))).containsExactly(other);
    assertThat(ids(get("/calls?text=sync"))).containsExactly(weekly);
  }

  @Test
  void shouldAnswerBadTranscriptAndSearchRequestsWithProblems() {
    String callId = api.newCall(workspaceId);
    String otherCall = api.newCall(workspaceId);
    producer.send(sealed(callId).segment(0, "Hello there"), sealed(callId).segment(1, "Hi"));
    awaitSegments(callId, 2);
    String cursorOfCall =
        get("/calls/" + callId + "/transcript?limit=1").json().get("nextCursor").asString();
    Map<String, String> expectedDetail =
        Map.of(
            "/search",
            "q must",
            "/search?q=%20%20",
            "q must",
            "/search?q=a%20!%20?",
            "letters or digits",
            "/search?q=hello&cursor=nonsense",
            "cursor",
            "/search?q=hello&cursor=" + cursorOfCall,
            "cursor",
            "/search?q=hello&limit=0",
            "limit",
            "/calls/" + otherCall + "/transcript?cursor=" + cursorOfCall,
            "another call",
            "/calls/" + callId + "/transcript?limit=x",
            "limit");

    expectedDetail.forEach(
        (path, detail) -> {
          Answer answer = get(path);
          assertThat(answer.status()).as(path).isEqualTo(400);
          assertThat(answer.contentType()).as(path).startsWith(PROBLEM_JSON);
          assertThat(answer.json().get("detail").asString()).as(path).contains(detail);
        });
    Answer unknown = get("/calls/" + Ids.timeOrdered() + "/transcript");
    assertThat(unknown.status()).isEqualTo(404);
    assertThat(unknown.contentType()).startsWith(PROBLEM_JSON);
    assertThat(get("/calls/" + callId + "/transcript?cursor=" + cursorOfCall).json().get("items"))
        .hasSize(1);
  }

  /** A call of this test's workspace holding {@link #TURNS}, stored. */
  private String meetingCall(String title, Instant createdAt) {
    String callId = insertCall(title, createdAt);
    List<TranscriptSegment> segments = sealed(callId).of(TURNS);
    producer.send(segments.toArray(TranscriptSegment[]::new));
    awaitSegments(callId, TURNS.size());
    return callId;
  }

  /** The first turn with three words of four letters or more in a row. */
  private static int turnWithPhrase() {
    for (int i = 0; i < TURNS.size(); i++) {
      if (!phraseOf(TURNS.get(i).text()).isEmpty()) {
        return i;
      }
    }
    throw new IllegalStateException("no turn of the meeting has a phrase to search for");
  }

  /** Three words of four letters or more in a row from {@code text}, or "" if there are none. */
  private static String phraseOf(String text) {
    String[] words = text.split(" ");
    for (int i = 0; i + 3 <= words.length; i++) {
      List<String> phrase = Arrays.asList(words).subList(i, i + 3);
      if (phrase.stream().allMatch(word -> word.matches("[A-Za-z]{4,}"))) {
        return String.join(" ", phrase);
      }
    }
    return "";
  }

  private static List<Long> tokensOf(String array) {
    String inner = array.substring(1, array.length() - 1);
    return inner.isEmpty()
        ? List.of()
        : Arrays.stream(inner.split(",")).map(Long::valueOf).toList();
  }

  private SealedTranscript sealed(String callId) {
    return new SealedTranscript(api.bean(FieldCipher.class), workspaceId, callId);
  }

  private static String newKey(String workspace) {
    ApiKeySecret key = ApiKeySecret.generate();
    api.bean(ApiKeyRepository.class).insert(workspace, key, "it", Role.OWNER).block(PATIENCE);
    return key.token();
  }

  private String insertCall(String title, Instant createdAt) {
    String callId = Ids.timeOrdered();
    api.db()
        .sql(
            "insert into calls (workspace_id, id, title, source, created_at)"
                + " values (:ws, :id, :title, 'upload', :createdAt)")
        .bind("ws", workspaceId)
        .bind("id", callId)
        .bind("title", title)
        .bind("createdAt", createdAt)
        .then()
        .block(PATIENCE);
    return callId;
  }

  private void insertParticipants(String callId, String... names) {
    for (int i = 0; i < names.length; i++) {
      api.db()
          .sql(
              "insert into call_participants (workspace_id, call_id, position, name)"
                  + " values (:ws, :callId, :position, :name)")
          .bind("ws", workspaceId)
          .bind("callId", callId)
          .bind("position", i)
          .bind("name", names[i])
          .then()
          .block(PATIENCE);
    }
  }

  private void awaitSegments(String callId, int count) {
    Eventually.await(
        count + " segments of " + callId + " stored",
        () ->
            api.db()
                    .sql("select count(*) as n from call_transcript_segments where call_id = :id")
                    .bind("id", callId)
                    .map(row -> row.get("n", Long.class))
                    .one()
                    .block(PATIENCE)
                >= count);
  }

  private static List<String> ids(Answer answer) {
    assertThat(answer.status()).as(answer.body()).isEqualTo(200);
    List<String> ids = new ArrayList<>();
    answer.json().get("items").forEach(item -> ids.add(item.get("id").asString()));
    return ids;
  }

  private static String encode(String value) {
    return URLEncoder.encode(value, StandardCharsets.UTF_8);
  }

  /** GET of a path under this test's workspace, with its key. */
  private Answer get(String path) {
    return send("/v1/workspaces/" + workspaceId + path, token);
  }

  private static Answer send(String path, String key) {
    HttpRequest request =
        HttpRequest.newBuilder(URI.create(base + path))
            .header("Authorization", "Bearer " + key)
            .timeout(PATIENCE)
            .GET()
            .build();
    try {
      HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
      return new Answer(
          response.statusCode(),
          response.headers().firstValue("Content-Type").orElse(""),
          response.body());
    } catch (IOException e) {
      throw new IllegalStateException("GET " + path + " failed", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    }
  }

  /** A row of {@code call_transcript_segments} as PostgreSQL holds it. */
  private record StoredRow(long sequence, byte[] text, String tokens) {}

  /** An HTTP answer as the client saw it. */
  private record Answer(int status, String contentType, String body) {

    JsonNode json() {
      return JSON.readTree(body);
    }
  }
}
