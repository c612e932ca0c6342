package io.callstream.standalone;

import static org.assertj.core.api.Assertions.assertThat;

import io.callstream.audio.AudioFixtures;
import io.callstream.cli.Cli;
import io.callstream.embedded.Ports;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringReader;
import java.io.StringWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.xml.sax.InputSource;
import tools.jackson.databind.json.JsonMapper;

/**
 * The {@code callstream} commands, run for real (picocli in this JVM, the same command line the
 * launcher builds) against the JVM's shared packaged standalone ({@link SharedStandalone}): real
 * meetings from {@code examples/} ingested, replayed live and watched to the end of their analysis,
 * exported in every format, keys created and revoked, and the errors a user meets.
 */
@ExtendWith(SharedStandalone.class)
class CallstreamCliIT {

  /** Hang guard only: a command that takes this long is stuck. */
  private static final Duration COMMAND_DEADLINE = Duration.ofMinutes(3);

  private static final Pattern CALL = Pattern.compile("call\\s+(\\S+)");

  @TempDir static Path exportDirectory;

  private static Map<String, String> env;
  private static String workspace;
  private static String ownerKey;
  private static Run analyzedCall;

  /** One command's exit code and output. */
  record Run(int exitCode, String out, String err) {
    String all() {
      return "exit " + exitCode + "\nstdout:\n" + out + "\nstderr:\n" + err;
    }
  }

  @BeforeAll
  static void useSharedStandalone(SharedStandalone.Running standalone) {
    env = standalone.env();
    workspace = standalone.workspace();
    ownerKey = standalone.ownerKey();
  }

  @Test
  void shouldIngestMeetingAndWatchItToCompletion() throws Exception {
    Run watched = analyzedCall();

    assertThat(watched.exitCode()).as(watched.all()).isZero();
    assertThat(watched.out())
        .as("transcript lines of IS1004a, with time and speaker")
        .containsPattern("\\[00:00:\\d\\d\\] \\S+: ")
        .contains("analysis   COMPLETED (local)")
        .contains("mindmap    v");
    assertThat(watched.out().lines().filter(line -> line.startsWith("[")).count())
        .as("one line per turn of the meeting")
        .isGreaterThanOrEqualTo(80);
  }

  @Test
  void shouldReplayLiveCallUntilItIsAnalyzed() throws Exception {
    Run ingested =
        run(
            "ingest",
            example("IS1008a.da").toString(),
            "--live",
            "--speed",
            "50",
            "--title",
            "IS1008a live");
    assertThat(ingested.exitCode()).as(ingested.all()).isZero();
    assertThat(ingested.err()).contains("replaying 263 segments at 50x").contains("100%  263/263");
    String callId = callId(ingested);

    Run watched = run("watch", callId, "--workspace", workspace);
    assertThat(watched.exitCode()).as(watched.all()).isZero();
    assertThat(watched.out()).contains("watching  IS1008a live").contains("analysis   COMPLETED");
  }

  @Test
  void shouldIngestAudioAndWatchItsTranscript() throws Exception {
    AudioFixtures.Call speech =
        AudioFixtures.call(AudioFixtures.sentencesLasting(20_000, 700), 700, 500);
    Path wav = exportDirectory.resolve("speech.wav");
    Files.write(wav, speech.wav());

    Run ingested = run("ingest", wav.toString(), "--title", "spoken");
    assertThat(ingested.exitCode()).as(ingested.all()).isZero();
    assertThat(ingested.err()).as(ingested.all()).contains("100%");
    Run watched = run("watch", callId(ingested), "--workspace", workspace);

    assertThat(watched.exitCode()).as(watched.all()).isZero();
    assertThat(watched.out())
        .as(watched.all())
        .containsPattern("\\[00:00:\\d\\d\\] \\S+: ")
        .contains("analysis   COMPLETED");
  }

  @Test
  void shouldExportEveryFormatInItsFormat() throws Exception {
    String callId = callId(analyzedCall());
    Map<String, String> exports = new java.util.HashMap<>();
    for (String format : List.of("json", "md", "opml", "mm", "mermaid")) {
      Path file = exportDirectory.resolve("export." + format);
      Run export = run("export", callId, "--format", format, "-o", file.toString());
      assertThat(export.exitCode()).as(format + "\n" + export.all()).isZero();
      exports.put(format, Files.readString(file));
      assertThat(exports.get(format)).as(format).isNotBlank();
    }
    assertThat(JsonMapper.builder().build().readTree(exports.get("json")).isObject()).isTrue();
    assertThat(exports.get("md")).containsPattern("(?m)^# ");
    assertThat(xmlRoot(exports.get("opml"))).isEqualTo("opml");
    assertThat(xmlRoot(exports.get("mm"))).isEqualTo("map");
    assertThat(exports.get("mermaid").strip()).startsWith("mindmap");

    Run toStdout = run("export", callId, "--format", "mermaid");
    assertThat(toStdout.exitCode()).as(toStdout.all()).isZero();
    assertThat(toStdout.out().strip()).isEqualTo(exports.get("mermaid").strip());
  }

  @Test
  void shouldCreateKeyThatWorksUntilRevoked() throws Exception {
    Run created = run("keys", "create", "--name", "cli test", "--role", "member");
    assertThat(created.exitCode()).as(created.all()).isZero();
    String token = field(created.out(), "token");
    String keyId = field(created.out(), "id");
    assertThat(token).startsWith("cs_" + keyId + "_");
    assertThat(created.err()).contains("shown once");

    assertThat(listCalls(token)).as("the new key works").isEqualTo(200);

    Run revoked = run("keys", "revoke", keyId);
    assertThat(revoked.exitCode()).as(revoked.all()).isZero();
    assertThat(listCalls(token)).as("the revoked key is refused").isEqualTo(401);

    Run refused = runAs(token, "keys", "list", "--workspace", workspace);
    assertThat(refused.exitCode()).as(refused.all()).isEqualTo(1);
    assertThat(refused.err()).contains("(401)").contains("--key");
  }

  @Test
  void shouldExitOneWithTheProblemForAnUnknownCall() throws Exception {
    Run watched = run("watch", "call_doesnotexist", "--workspace", workspace);

    assertThat(watched.exitCode()).as(watched.all()).isEqualTo(1);
    assertThat(watched.err()).contains("(404)").contains("no such call");
  }

  @Test
  void shouldExitThreeWithHintWhenUnreachable() throws Exception {
    String nowhere = "http://127.0.0.1:" + Ports.freePort("127.0.0.1");
    Run watched =
        execute("watch", "call_x", "--url", nowhere, "--key", ownerKey, "--workspace", workspace);

    assertThat(watched.exitCode()).as(watched.all()).isEqualTo(3);
    assertThat(watched.err())
        .contains("cannot reach the query API at " + nowhere)
        .contains("is callstream up? (callstream up)");
  }

  @Test
  void shouldExitTwoOnBadOption() throws Exception {
    Run bad = execute("export", "call_x", "--no-such-option");

    assertThat(bad.exitCode()).as(bad.all()).isEqualTo(2);
    assertThat(bad.err()).contains("Unknown option: '--no-such-option'").contains("Usage:");
  }

  /** IS1004a ingested as an upload (workspace from the key) and watched to its end, once. */
  private static synchronized Run analyzedCall() throws Exception {
    if (analyzedCall == null) {
      Run ingested = run("ingest", example("IS1004a.json").toString());
      assertThat(ingested.exitCode()).as(ingested.all()).isZero();
      assertThat(ingested.out()).contains("callstream watch ").contains("/dashboard/#/calls/");
      String callId = callId(ingested);
      Run watched = run("watch", callId);
      analyzedCall =
          new Run(watched.exitCode(), "call      " + callId + "\n" + watched.out(), watched.err());
    }
    return analyzedCall;
  }

  private static Run run(String... args) throws Exception {
    return runAs(ownerKey, args);
  }

  private static Run runAs(String key, String... args) throws Exception {
    List<String> all = new ArrayList<>(List.of(args));
    all.addAll(
        List.of(
            "--url",
            "http://localhost:" + env.get("CALLSTREAM_QUERY_PORT"),
            "--ingest-url",
            "http://localhost:" + env.get("CALLSTREAM_INGEST_PORT"),
            "--key",
            key));
    return execute(all.toArray(String[]::new));
  }

  /** Runs the launcher's command line in this JVM, with a hang guard. */
  private static Run execute(String... args) throws Exception {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    ExecutorService thread = Executors.newSingleThreadExecutor();
    try {
      Future<Integer> exit =
          thread.submit(
              () ->
                  Cli.execute(
                      Standalone.commandLine(new UpCommand()),
                      new PrintWriter(out, true),
                      new PrintWriter(err, true),
                      args));
      int code = exit.get(COMMAND_DEADLINE.toSeconds(), TimeUnit.SECONDS);
      return new Run(code, out.toString(), err.toString());
    } finally {
      thread.shutdownNow();
    }
  }

  private static Path example(String name) {
    return Path.of(System.getProperty("callstream.repo.dir"), "examples", name);
  }

  private static String callId(Run run) {
    Matcher matcher = CALL.matcher(run.out());
    assertThat(matcher.find()).as(run.all()).isTrue();
    return matcher.group(1);
  }

  private static String field(String out, String name) {
    return out.lines()
        .filter(line -> line.startsWith(name + " "))
        .map(line -> line.substring(name.length()).strip())
        .findFirst()
        .orElseThrow(() -> new AssertionError("no " + name + " in\n" + out));
  }

  private static int listCalls(String key) throws IOException, InterruptedException {
    HttpRequest request =
        HttpRequest.newBuilder(
                URI.create(
                    "http://localhost:"
                        + env.get("CALLSTREAM_QUERY_PORT")
                        + "/v1/workspaces/"
                        + workspace
                        + "/calls"))
            .header("Authorization", "Bearer " + key)
            .build();
    return HttpClient.newHttpClient()
        .send(request, HttpResponse.BodyHandlers.discarding())
        .statusCode();
  }

  private static String xmlRoot(String xml) throws Exception {
    DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
    factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
    return factory
        .newDocumentBuilder()
        .parse(new InputSource(new StringReader(xml)))
        .getDocumentElement()
        .getTagName();
  }
}
