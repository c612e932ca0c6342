package io.callstream.standalone;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.callstream.core.crypto.GeneratedSecrets;
import io.callstream.core.meeting.Meeting;
import io.callstream.core.meeting.Meetings;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Pattern;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ListTopicsOptions;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyManager;

/**
 * Encryption everywhere, on the packaged standalone process: a real meeting goes through ingest,
 * Kafka, the Flink job and the query API, and a workspace stores its own LLM key. Then every
 * PostgreSQL table (dumped with {@code COPY}, as text and as binary so {@code bytea} shows raw),
 * the raw files of the cluster, every Kafka record (key, value, headers, aborted ones included) and
 * the broker's log files, and everything else in the data directory, are searched for each sentence
 * of five words or more of the meeting, the phrases the analysis derived from it, and the LLM key:
 * none may be there. The same run's log output may hold none of them, nor an API key's secret or a
 * JWT (the one-time banner aside, which shows the owner key by design).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class EncryptionAtRestIT {

  private static final Duration START_DEADLINE = Duration.ofMinutes(4);
  private static final Duration ANALYSIS_DEADLINE = Duration.ofMinutes(5);
  private static final String MEETING = "IS1004a";
  private static final String TITLE = "Quarterly design review 4711";
  private static final String BYOK_KEY = GeneratedSecrets.providerKey("sk-proj-", "abcd");
  private static final Pattern JWT = Pattern.compile("eyJ[\\w-]{5,}\\.eyJ[\\w-]{5,}\\.[\\w-]+");
  private static final Pattern SENTENCE_END = Pattern.compile("[.!?]");
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir static Path dataDirectory;

  private final HttpClient http = HttpClient.newHttpClient();
  private Map<String, String> env;
  private StandaloneChild child;
  private String workspace;
  private String ownerKey;
  private Set<String> sentences;
  private Set<String> derived;
  private final List<LeakScanner.Leak> atRest = new ArrayList<>();
  private final List<String> controls = new ArrayList<>();
  private long transcriptRows;
  private long kafkaRecords;

  @BeforeAll
  void runMeetingThroughStandalone() throws Exception {
    env = environment();
    child = StandaloneChild.start(env);
    assertThat(child.awaitUp(START_DEADLINE)).as(child.output()).isTrue();
    workspace = child.workspaceId().orElseThrow();
    ownerKey = child.ownerKey().orElseThrow(() -> new AssertionError(child.output()));
    Meeting meeting = Meetings.load(MEETING);
    sentences = sentencesOf(meeting);

    HttpResponse<String> byok =
        send(
            "CALLSTREAM_QUERY_PORT",
            "PUT",
            "/integrations/llm",
            "{\"provider\":\"openai\",\"apiKey\":\"" + BYOK_KEY + "\"}");
    assertThat(byok.statusCode()).as(byok.body()).isEqualTo(200);

    String callId = uploadMeeting(meeting);
    derived = awaitAnalysis(callId);

    LeakScanner scanner = LeakScanner.of(needles());
    LeakScanner control = LeakScanner.of(Set.of(TITLE));
    dumpDatabase(scanner, control, callId);
    dumpTopics(scanner);

    // Stopped, PostgreSQL has checkpointed and Kafka flushed: the files hold everything.
    child.interrupt();
    assertThat(child.awaitExit(Duration.ofMinutes(1))).as(child.output()).isPresent();
    atRest.addAll(scanner.scanTree(dataDirectory));
    control.scanTree(dataDirectory.resolve("postgres")).stream()
        .map(leak -> "raw " + leak.where())
        .forEach(controls::add);
  }

  @AfterAll
  void stop() {
    if (child != null) {
      child.close();
    }
  }

  @Test
  void shouldFindNoMeetingTextNorKeyInDatabaseKafkaOrFiles() {
    assertThat(sentences).as("sentences of the meeting").hasSizeGreaterThan(50);
    assertThat(derived).as("phrases the analysis derived").isNotEmpty();
    assertThat(transcriptRows).as("transcript rows dumped").isEqualTo(turnCount());
    assertThat(kafkaRecords).as("Kafka records read").isPositive();
    assertThat(controls)
        .as("the call title, stored in plaintext, is found: the scan sees what is there")
        .anyMatch(where -> where.startsWith("copy calls"))
        .anyMatch(where -> where.startsWith("raw ") && where.contains("base/"));

    assertThat(atRest).as("meeting text or the LLM key at rest").isEmpty();
  }

  @Test
  void shouldKeepTranscriptKeysAndTokensOutOfLogs() {
    List<String> lines = new ArrayList<>(child.stdout());
    lines.addAll(child.stderr());
    assertThat(lines).as("log lines captured").hasSizeGreaterThan(10);
    String secret = ownerKey.substring(ownerKey.lastIndexOf('_') + 1);
    List<String> logLines =
        lines.stream().filter(line -> !line.strip().startsWith("owner key")).toList();
    String log = String.join("\n", logLines);

    assertThat(lines).filteredOn(line -> line.contains(secret)).hasSize(1);
    assertThat(log).doesNotContain(secret).doesNotContain(BYOK_KEY);
    assertThat(JWT.matcher(log).find()).as("a JWT in the logs").isFalse();
    Set<String> text = new LinkedHashSet<>(sentences);
    text.addAll(derived);
    assertThat(LeakScanner.of(text).scan(log, "logs")).isEmpty();
  }

  // --- the run --------------------------------------------------------------------------------

  private String uploadMeeting(Meeting meeting) throws IOException, InterruptedException {
    HttpResponse<String> created =
        send("CALLSTREAM_INGEST_PORT", "POST", "/calls", "{\"title\":\"" + TITLE + "\"}");
    assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
    String callId = JSON.readTree(created.body()).path("callId").asText();
    ObjectNode body = JSON.createObjectNode();
    ArrayNode segments = body.putArray("segments");
    List<Meeting.Turn> turns = spokenTurns(meeting);
    for (int i = 0; i < turns.size(); i++) {
      Meeting.Turn turn = turns.get(i);
      segments
          .addObject()
          .put("sequence", i)
          .put("speaker", turn.speaker())
          .put("startMs", turn.startMs())
          .put("endMs", turn.endMs())
          .put("text", turn.text());
    }
    HttpResponse<String> posted =
        send(
            "CALLSTREAM_INGEST_PORT",
            "POST",
            "/calls/" + callId + "/transcript",
            JSON.writeValueAsString(body));
    assertThat(posted.statusCode()).as(posted.body()).isEqualTo(202);
    HttpResponse<String> ended =
        send("CALLSTREAM_INGEST_PORT", "POST", "/calls/" + callId + "/end", "");
    assertThat(ended.statusCode()).as(ended.body()).isEqualTo(200);
    return callId;
  }

  /** Waits for the analysis to end, and answers the phrases it derived (decrypted, over REST). */
  private Set<String> awaitAnalysis(String callId) throws IOException, InterruptedException {
    Instant end = Instant.now().plus(ANALYSIS_DEADLINE);
    JsonNode call = JSON.nullNode();
    while (Instant.now().isBefore(end)) {
      call = JSON.readTree(send("CALLSTREAM_QUERY_PORT", "GET", "/calls/" + callId, null).body());
      if (call.path("analysis").has("status")
          && send("CALLSTREAM_QUERY_PORT", "GET", "/calls/" + callId + "/mindmap", null)
                  .statusCode()
              == 200) {
        break;
      }
      Thread.sleep(500);
    }
    assertThat(call.path("analysis").path("status").asText()).as(call.toString()).isNotEmpty();
    Set<String> phrases = new LinkedHashSet<>();
    JsonNode mindmap =
        JSON.readTree(
            send("CALLSTREAM_QUERY_PORT", "GET", "/calls/" + callId + "/mindmap", null).body());
    collectLabels(mindmap.path("root"), phrases);
    JsonNode insights =
        JSON.readTree(
            send("CALLSTREAM_QUERY_PORT", "GET", "/calls/" + callId + "/insights", null).body());
    for (JsonNode insight : insights.path("items")) {
      addPhrase(insight.path("text").asText(), phrases);
    }
    HttpResponse<String> summary =
        send("CALLSTREAM_QUERY_PORT", "GET", "/calls/" + callId + "/summary", null);
    if (summary.statusCode() == 200) {
      for (String sentence :
          SENTENCE_END.split(JSON.readTree(summary.body()).path("text").asText())) {
        addPhrase(sentence, phrases);
      }
    }
    return phrases;
  }

  private static void collectLabels(JsonNode node, Set<String> phrases) {
    addPhrase(node.path("label").asText(), phrases);
    for (JsonNode child : node.path("children")) {
      collectLabels(child, phrases);
    }
  }

  /** Phrases long enough not to turn up by chance: two words or more, twelve characters or more. */
  private static void addPhrase(String phrase, Set<String> phrases) {
    String trimmed = phrase.strip();
    if (trimmed.length() >= 12 && trimmed.contains(" ")) {
      phrases.add(trimmed);
    }
  }

  private Set<String> needles() {
    Set<String> needles = new LinkedHashSet<>(sentences);
    needles.addAll(derived);
    needles.add(BYOK_KEY);
    return needles;
  }

  /** Every sentence of five words or more of the meeting, as it occurs in its turns. */
  private static Set<String> sentencesOf(Meeting meeting) {
    Set<String> sentences = new LinkedHashSet<>();
    for (Meeting.Turn turn : meeting.turns()) {
      for (String piece : SENTENCE_END.split(turn.text())) {
        String sentence = piece.strip();
        if (sentence.split("\\s+").length >= 5) {
          sentences.add(sentence);
        }
      }
    }
    return sentences;
  }

  private long turnCount() {
    return spokenTurns(Meetings.load(MEETING)).size();
  }

  /** The turns with words in them (markup alone leaves some empty). */
  private static List<Meeting.Turn> spokenTurns(Meeting meeting) {
    return meeting.turns().stream().filter(turn -> !turn.text().isBlank()).toList();
  }

  // --- PostgreSQL -----------------------------------------------------------------------------

  /** Every table of the public schema, with COPY as text and as binary, as the owner. */
  private void dumpDatabase(LeakScanner scanner, LeakScanner control, String callId)
      throws SQLException, IOException {
    String url =
        "jdbc:postgresql://localhost:" + env.get("CALLSTREAM_POSTGRES_PORT") + "/callstream";
    try (Connection connection = DriverManager.getConnection(url, "callstream", "callstream")) {
      CopyManager copy = connection.unwrap(PGConnection.class).getCopyAPI();
      List<String> tables = new ArrayList<>();
      try (ResultSet rows =
          connection
              .createStatement()
              .executeQuery(
                  "select tablename from pg_tables where schemaname = 'public' order by 1")) {
        while (rows.next()) {
          tables.add(rows.getString(1));
        }
      }
      assertThat(tables)
          .contains("call_transcript_segments", "live_events", "workspace_integrations");
      for (String table : tables) {
        for (String format : List.of("text", "binary")) {
          ByteArrayOutputStream out = new ByteArrayOutputStream();
          copy.copyOut("copy public." + table + " to stdout with (format " + format + ")", out);
          byte[] dump = out.toByteArray();
          atRest.addAll(scanner.scan(dump, "copy " + table + " (" + format + ")"));
          control.scan(dump, "copy " + table).stream()
              .map(LeakScanner.Leak::where)
              .forEach(controls::add);
        }
      }
      try (ResultSet count =
          connection
              .createStatement()
              .executeQuery(
                  "select count(*) from call_transcript_segments where call_id = '"
                      + callId
                      + "'")) {
        count.next();
        transcriptRows = count.getLong(1);
      }
    }
  }

  // --- Kafka ----------------------------------------------------------------------------------

  /** Every record of every topic (internal ones too), raw, aborted transactions included. */
  private void dumpTopics(LeakScanner scanner) throws Exception {
    String servers = "localhost:" + env.get("CALLSTREAM_KAFKA_PORT");
    Set<String> topics;
    try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, servers))) {
      topics = admin.listTopics(new ListTopicsOptions().listInternal(true)).names().get();
    }
    Map<String, Object> config = new HashMap<>();
    config.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, servers);
    config.put(ConsumerConfig.GROUP_ID_CONFIG, "leak-scan-" + UUID.randomUUID());
    config.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_uncommitted");
    config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
    try (KafkaConsumer<byte[], byte[]> consumer =
        new KafkaConsumer<>(config, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
      List<TopicPartition> partitions = new ArrayList<>();
      for (String topic : topics) {
        for (PartitionInfo info : consumer.partitionsFor(topic)) {
          partitions.add(new TopicPartition(topic, info.partition()));
        }
      }
      consumer.assign(partitions);
      consumer.seekToBeginning(partitions);
      Map<TopicPartition, Long> ends = consumer.endOffsets(partitions);
      Instant deadline = Instant.now().plus(Duration.ofMinutes(2));
      while (!caughtUp(consumer, ends) && Instant.now().isBefore(deadline)) {
        for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(500))) {
          kafkaRecords++;
          String where = record.topic() + "-" + record.partition() + "@" + record.offset();
          if (record.key() != null) {
            atRest.addAll(scanner.scan(record.key(), "key of " + where));
          }
          if (record.value() != null) {
            atRest.addAll(scanner.scan(record.value(), "value of " + where));
          }
          for (Header header : record.headers()) {
            atRest.addAll(scanner.scan(header.key(), "header of " + where));
            if (header.value() != null) {
              atRest.addAll(
                  scanner.scan(header.value(), "header " + header.key() + " of " + where));
            }
          }
        }
      }
      assertThat(caughtUp(consumer, ends)).as("read every topic to its end").isTrue();
    }
  }

  private static boolean caughtUp(
      KafkaConsumer<byte[], byte[]> consumer, Map<TopicPartition, Long> ends) {
    for (Map.Entry<TopicPartition, Long> end : ends.entrySet()) {
      if (consumer.position(end.getKey()) < end.getValue()) {
        return false;
      }
    }
    return true;
  }

  // --- HTTP -----------------------------------------------------------------------------------

  private HttpResponse<String> send(String port, String method, String path, String body)
      throws IOException, InterruptedException {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(
                URI.create(
                    "http://localhost:" + env.get(port) + "/v1/workspaces/" + workspace + path))
            .timeout(Duration.ofMinutes(1))
            .header("Authorization", "Bearer " + ownerKey);
    if (body == null) {
      request.GET();
    } else {
      request
          .header("Content-Type", "application/json")
          .method(method, HttpRequest.BodyPublishers.ofString(body));
    }
    return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  private Map<String, String> environment() {
    return StandaloneChild.environment(dataDirectory);
  }
}
