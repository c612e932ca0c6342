package io.callstream.standalone;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.callstream.core.meeting.Meeting;
import io.callstream.core.meeting.Meetings;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.function.IntPredicate;
import java.util.logging.Level;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.Keys;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.interactions.Actions;
import org.openqa.selenium.interactions.WheelInput;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The dashboard as a user sees it, in Debian's headless Chromium driven by Selenium through
 * Debian's chromedriver, on the JVM's shared packaged standalone ({@link SharedStandalone}): a real
 * meeting replayed as a live call at high speed grows in the page (transcript lines, mindmap nodes,
 * insights) while it runs, and its progress reaches 100 once its analysis ends. The page is checked
 * against the dashboard's DOM contract ({@code data-testid} hooks), and against the query API's own
 * answers.
 *
 * <p>Nothing is downloaded: the driver and the browser are given by path, so Selenium Manager never
 * runs, and the browser resolves no host but localhost. The call's page is saved as {@code
 * dashboard.png} in the build directory; {@code -Dcallstream.screenshot.update=true} also copies it
 * to {@code docs/dashboard.png}.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Timeout(value = 10, unit = TimeUnit.MINUTES)
@ExtendWith(SharedStandalone.class)
class DashboardIT {

  /** Hang guards only: the build machines are small and shared. */
  private static final Duration PAGE_DEADLINE = Duration.ofMinutes(3);

  private static final Duration REPLAY_DEADLINE = Duration.ofMinutes(5);

  /** education_19 lasts about 54 minutes: replayed in about 70 s. */
  private static final String LIVE_MEETING = "education_19";

  private static final Duration LIVE_REPLAY_LENGTH = Duration.ofSeconds(70);
  private static final String LIVE_TITLE = "Education committee (live)";

  /** A shorter meeting uploaded whole, for the layout and keyboard checks. */
  private static final String UPLOADED_MEETING = "IS1004a";

  private static final String UPLOADED_TITLE = "Remote control kick-off";

  private static final Path CHROMIUM = Path.of("/usr/bin/chromium");
  private static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");
  private static final ObjectMapper JSON = new ObjectMapper();

  private final HttpClient http =
      HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
  private Map<String, String> env;
  private String workspace;
  private String key;
  private String uploadedCallId;
  private ChromeDriver browser;
  private Path downloads;

  @BeforeAll
  void startBrowser(SharedStandalone.Running standalone) throws Exception {
    env = standalone.env();
    workspace = standalone.workspace();
    key = standalone.ownerKey();
    uploadedCallId = uploadWhole(Meetings.load(UPLOADED_MEETING));

    downloads = Files.createDirectories(buildDirectory().resolve("dashboard-downloads"));
    try (var old = Files.list(downloads)) {
      for (Path file : old.toList()) {
        Files.delete(file);
      }
    }
    browser = startChromium(downloads);
    browser.get(queryUrl("/dashboard/"));
    signIn();
  }

  @AfterEach
  void saveScreenshotAndCheckScript(TestInfo test) throws IOException {
    if (browser == null) {
      return;
    }
    Path shot =
        buildDirectory()
            .resolve("dashboard-" + test.getTestMethod().orElseThrow().getName() + ".png");
    Files.write(shot, browser.getScreenshotAs(OutputType.BYTES));
    List<String> uncaught = new ArrayList<>();
    for (LogEntry entry : browser.manage().logs().get(LogType.BROWSER)) {
      if (entry.getLevel().intValue() >= Level.WARNING.intValue()) {
        System.out.println("browser console: " + entry);
      }
      if (entry.getMessage().contains("Uncaught")) {
        uncaught.add(entry.toString());
      }
    }
    assertThat(uncaught).as("uncaught script errors in the page").isEmpty();
  }

  @AfterAll
  void stop() {
    if (browser != null) {
      browser.quit();
    }
  }

  @Test
  void shouldGrowLiveCallInThePageAndReachOneHundredPercent() throws Exception {
    List<Meeting.Turn> turns = spokenTurns(Meetings.load(LIVE_MEETING));
    double speed = turns.get(turns.size() - 1).endMs() / (double) LIVE_REPLAY_LENGTH.toMillis();
    int half = turns.size() / 2;
    String callId = createCall(LIVE_TITLE, "live");
    Instant started = Instant.now();

    // The first half of the meeting, spoken as it goes; the second waits until the page has shown
    // the first, so that growth is seen however slow the machine is.
    CompletableFuture<HttpResponse<String>> firstHalf = replay(callId, turns, 0, half, speed);

    openCalls();
    String row = "[data-testid=calls] [data-call-id=\"" + callId + "\"]";
    WebElement bar =
        await(
            "the call's progress bar in the calls list",
            driver ->
                driver.findElements(By.cssSelector(row + " progress")).stream()
                    .findFirst()
                    .orElse(null));
    assertThat(bar.getAttribute("aria-label")).isEqualTo("Progress of " + LIVE_TITLE);
    assertThat(bar.getAttribute("max")).isEqualTo("100");
    assertThat(Double.parseDouble(bar.getDomProperty("value"))).isBetween(0.0, 100.0);
    assertThat(browser.findElement(By.cssSelector(row)).getText()).contains(LIVE_TITLE);

    openCall(callId);
    String lines = "[data-testid=transcript] li[data-segment-id]";
    awaitCount("transcript lines while the meeting is spoken", lines, count -> count > 0);
    long firstLine = Duration.between(started, Instant.now()).toMillis();
    assertReplayed(firstHalf, half);
    awaitCount("every line of the first half", lines, count -> count == half);
    assertThat(transcriptGap()).as("the transcript follows new lines").isLessThanOrEqualTo(24);
    int nodes =
        awaitCount(
            "mindmap nodes while the call runs",
            "[data-testid=mindmap] [data-node-id]",
            count -> count > 0);
    long firstNodes = Duration.between(started, Instant.now()).toMillis();
    assertThat(call(callId).path("endedAt").asText("")).as("the call goes on").isEmpty();

    // The reader scrolls up: new lines must no longer pull the transcript down.
    WebElement transcript = browser.findElement(By.cssSelector("[data-testid=transcript]"));
    new Actions(browser)
        .scrollFromOrigin(WheelInput.ScrollOrigin.fromElement(transcript), 0, -1_000_000)
        .perform();
    await(
        "the transcript scrolled to its top",
        driver -> transcript.getDomProperty("scrollTop").equals("0") ? true : null);
    CompletableFuture<HttpResponse<String>> secondHalf =
        replay(callId, turns, half, turns.size(), speed);
    awaitCount("transcript lines growing past the first half", lines, count -> count > half);
    assertReplayed(secondHalf, turns.size() - half);
    awaitCount("every line of the meeting", lines, count -> count == turns.size());
    assertThat(transcript.getDomProperty("scrollTop"))
        .as("the transcript stays where the reader scrolled")
        .isEqualTo("0");
    int insights =
        awaitCount(
            "insights while the call runs",
            "[data-testid=insights] [data-insight-type] li[data-insight-id]",
            count -> count > 0);
    assertThat(call(callId).path("endedAt").asText("")).as("the call goes on").isEmpty();
    WebElement line = browser.findElement(By.cssSelector(lines));
    assertThat(line.findElement(By.cssSelector(".speaker")).getText()).isNotBlank();
    assertThat(line.findElement(By.cssSelector(".text")).getText()).isNotBlank();

    HttpResponse<String> ended = postIngest("/calls/" + callId + "/end", "application/json", "");
    assertThat(ended.statusCode()).as(ended.body()).isEqualTo(200);
    await(
        "the call's progress at 100 once its analysis ends",
        driver ->
            progressValue(driver.findElement(By.cssSelector("[data-testid=call-progress]")))
                == 100.0);
    long complete = Duration.between(started, Instant.now()).toMillis();
    String status = awaitAnalysisStatus(callId);
    WebElement shownStatus =
        await(
            "the analysis status in the page",
            driver -> {
              WebElement element = driver.findElement(By.cssSelector("[data-testid=call-status]"));
              return element.getText().contains(status) ? element : null;
            });
    assertThat(status).as(shownStatus.getText()).isEqualTo("COMPLETED");

    Map<String, Set<String>> citations = awaitMindmapShown(callId);
    String cited = firstCitingNode(citations);
    browser.findElement(By.cssSelector(nodeSelector(cited))).click();
    assertThat(awaitCitedLines()).isEqualTo(citations.get(cited));
    assertTalkRatioAndExport(callId, turns);
    System.out.printf(
        "dashboard: %d turns replayed at %.0fx; first line after %d ms, %d mindmap nodes after %d"
            + " ms, %d insights, 100%% after %d ms%n",
        turns.size(), speed, firstLine, nodes, firstNodes, insights, complete);

    saveScreenshot();
  }

  @Test
  void shouldFitNarrowWindowWithoutHorizontalScroll() throws Exception {
    Dimension wide = browser.manage().window().getSize();
    try {
      browser.manage().window().setSize(new Dimension(360, 800));
      openCall(uploadedCallId);
      awaitCount(
          "the transcript in a narrow window",
          "[data-testid=transcript] li[data-segment-id]",
          count -> count > 0);
      awaitCount(
          "the mindmap in a narrow window", "[data-testid=mindmap] [data-node-id]", c -> c > 0);
      Number scrollWidth = script("return document.documentElement.scrollWidth");
      Number clientWidth = script("return document.documentElement.clientWidth");
      assertThat(scrollWidth.intValue())
          .as("page width in a 360 px window (client width %s)", clientWidth)
          .isLessThanOrEqualTo(clientWidth.intValue());
      WebElement transcript = browser.findElement(By.cssSelector("[data-testid=transcript]"));
      new Actions(browser).scrollToElement(transcript).perform();
      assertThat(transcript.isDisplayed()).isTrue();
      assertThat(transcript.getRect().getWidth()).isPositive().isLessThanOrEqualTo(360);
    } finally {
      browser.manage().window().setSize(wide);
    }
  }

  @Test
  void shouldUploadTranscriptFileAndExplainRejectedOnes() throws Exception {
    Path files = Files.createTempDirectory("dashboard-uploads");
    Path vtt = files.resolve("standup.vtt");
    Files.writeString(
        vtt,
        """
        WEBVTT

        00:00:01.000 --> 00:00:04.000
        <v Ana>We ship the release on Friday.

        00:00:04.500 --> 00:00:07.000
        <v Ben>Then the demo moves to Monday.

        00:00:07.500 --> 00:00:09.000
        <v Ana>Agreed.
        """);
    Path broken = files.resolve("broken.vtt");
    Files.writeString(broken, "this is no WebVTT file\n");
    Path unknown = files.resolve("notes.xyz");
    Files.writeString(unknown, "some notes\n");

    openCalls();
    String rejected = chooseAndUpload(broken, "broken upload");
    assertThat(rejected).as("the problem shown for a file ingest rejects").isNotBlank();
    assertThat(chooseAndUpload(unknown, "unknown upload")).contains("Unsupported file");

    chooseAndUpload(vtt, "Stand-up (uploaded)");
    String callId =
        await(
            "the uploaded call's page",
            driver -> {
              String hash = script("return location.hash");
              return hash.startsWith("#/calls/") ? hash.substring("#/calls/".length()) : null;
            });
    awaitCount(
        "the uploaded transcript", "[data-testid=transcript] li[data-segment-id]", c -> c == 3);
    assertThat(awaitAnalysisStatus(callId)).isNotBlank();
  }

  /**
   * Fills the upload form with {@code file} and sends it; answers the error the form shows, or
   * empty once it has left the page for the call's.
   */
  private String chooseAndUpload(Path file, String title) {
    WebElement form = await("the upload form", driver -> driver.findElement(By.id("upload")));
    WebElement titleInput = form.findElement(By.id("upload-title"));
    titleInput.clear();
    titleInput.sendKeys(title);
    form.findElement(By.id("upload-file")).sendKeys(file.toAbsolutePath().toString());
    form.findElement(By.cssSelector("button[type=submit]")).click();
    return await(
        "the upload of " + file.getFileName() + " to finish",
        driver -> {
          String hash = script("return location.hash");
          if (hash.startsWith("#/calls/")) {
            return "";
          }
          String error = driver.findElement(By.id("upload-error")).getText();
          boolean idle =
              driver.findElement(By.cssSelector("#upload button[type=submit]")).isEnabled();
          return idle && !error.isBlank() ? error : null;
        });
  }

  @Test
  void shouldReachMindmapNodesWithTabAndCiteLinesWithEnter() throws Exception {
    openCall(uploadedCallId);
    Map<String, Set<String>> citations = awaitMindmapShown(uploadedCallId);
    script("document.activeElement && document.activeElement.blur(); window.scrollTo(0, 0)");

    String reached = null;
    for (int tab = 0; tab < 400 && reached == null; tab++) {
      new Actions(browser).sendKeys(Keys.TAB).perform();
      String focused =
          script(
              "const node = document.activeElement && document.activeElement.closest"
                  + "('[data-testid=mindmap] [data-node-id]');"
                  + " return node ? node.getAttribute('data-node-id') : null");
      if (focused != null && !citations.getOrDefault(focused, Set.of()).isEmpty()) {
        reached = focused;
      }
    }
    assertThat(reached).as("a citing mindmap node reached with Tab").isNotNull();
    new Actions(browser).sendKeys(Keys.ENTER).perform();
    assertThat(awaitCitedLines()).isEqualTo(citations.get(reached));
  }

  /** One bar per speaker; the JSON export downloads through the page with the credential. */
  private void assertTalkRatioAndExport(String callId, List<Meeting.Turn> turns) throws Exception {
    Set<String> speakers = new HashSet<>(turns.stream().map(Meeting.Turn::speaker).toList());
    await(
        "one talk-ratio bar per speaker",
        driver -> {
          List<String> bars =
              script(
                  "return Array.from(document.querySelectorAll("
                      + "'[data-testid=talk-ratio] [data-speaker]'),"
                      + " bar => bar.getAttribute('data-speaker'))");
          return new HashSet<>(bars).equals(speakers) ? bars : null;
        });
    List<String> formats =
        script(
            "return Array.from(document.querySelectorAll('[data-testid=export] a[data-format]'),"
                + " link => link.getAttribute('data-format'))");
    assertThat(formats).containsExactlyInAnyOrder("json", "md", "opml", "mm", "mermaid");

    browser.findElement(By.cssSelector("[data-testid=export] a[data-format=json]")).click();
    Path saved =
        await(
            "the JSON export saved by the browser",
            driver -> {
              try (var files = Files.list(downloads)) {
                return files
                    .filter(file -> file.getFileName().toString().endsWith(".json"))
                    .findFirst()
                    .orElse(null);
              } catch (IOException e) {
                throw new UncheckedIOException(e);
              }
            });
    String whole = await("the whole export", driver -> readWhenWhole(saved));
    JsonNode exported = JSON.readTree(whole);
    assertThat(exported.toString()).contains(callId);
  }

  /** The file's text once it parses as JSON: the browser may still be writing it. */
  private static @Nullable String readWhenWhole(Path file) {
    try {
      String text = Files.readString(file);
      JSON.readTree(text);
      return text;
    } catch (IOException e) {
      return null;
    }
  }

  /** Pixels between the transcript's visible bottom and the bottom of its lines. */
  private int transcriptGap() {
    Number gap =
        script(
            "const list = document.querySelector('[data-testid=transcript]');"
                + " return list.scrollHeight - list.scrollTop - list.clientHeight");
    return gap.intValue();
  }

  // --- the page -------------------------------------------------------------------------------

  private void signIn() {
    WebElement form = await("the sign-in form", driver -> driver.findElement(By.id("sign-in")));
    WebElement input = form.findElement(By.id("api-key"));
    assertThat(input.getAttribute("type")).isEqualTo("password");
    assertThat(input.getAccessibleName()).isEqualTo("API key");
    input.sendKeys(key);
    WebElement submit = form.findElement(By.cssSelector("button[type=submit], button:not([type])"));
    assertThat(submit.getText()).isEqualTo("Sign in");
    submit.click();
    await(
        "the calls list after signing in",
        driver -> driver.findElement(By.cssSelector("[data-testid=calls]")));
    Number stored = script("return window.sessionStorage.length");
    assertThat(stored.intValue()).as("the credential kept in sessionStorage").isPositive();
  }

  private void openCalls() {
    browser.get(queryUrl("/dashboard/#/"));
    await("the calls list", driver -> driver.findElement(By.cssSelector("[data-testid=calls]")));
  }

  private void openCall(String callId) {
    browser.get(queryUrl("/dashboard/#/calls/" + callId));
    browser.navigate().refresh();
    await(
        "the call's page",
        driver -> driver.findElement(By.cssSelector("[data-testid=transcript]")));
  }

  /**
   * Waits until the page shows exactly the query API's latest mindmap (its node ids), and answers
   * each node's cited segment ids.
   */
  private Map<String, Set<String>> awaitMindmapShown(String callId) throws Exception {
    Instant end = Instant.now().plus(PAGE_DEADLINE);
    Map<String, Set<String>> citations = Map.of();
    Set<String> shown = Set.of();
    while (Instant.now().isBefore(end)) {
      HttpResponse<String> mindmap = getQuery("/calls/" + callId + "/mindmap");
      if (mindmap.statusCode() == 200) {
        citations = new LinkedHashMap<>();
        collectCitations(JSON.readTree(mindmap.body()).path("root"), citations);
        List<String> ids =
            script(
                "return Array.from(document.querySelectorAll("
                    + "'[data-testid=mindmap] [data-node-id]'),"
                    + " node => node.getAttribute('data-node-id'))");
        shown = new HashSet<>(ids);
        if (shown.equals(citations.keySet())) {
          return citations;
        }
      }
      Thread.sleep(500);
    }
    assertThat(shown).as("mindmap nodes in the page").isEqualTo(citations.keySet());
    return citations;
  }

  private static void collectCitations(JsonNode node, Map<String, Set<String>> citations) {
    Set<String> cited = new HashSet<>();
    for (JsonNode citation : node.path("citations")) {
      cited.add(citation.path("segmentId").asText());
    }
    citations.put(node.path("id").asText(), cited);
    for (JsonNode child : node.path("children")) {
      collectCitations(child, citations);
    }
  }

  private static String firstCitingNode(Map<String, Set<String>> citations) {
    return citations.entrySet().stream()
        .filter(node -> !node.getValue().isEmpty())
        .map(Map.Entry::getKey)
        .findFirst()
        .orElseThrow(() -> new AssertionError("no mindmap node cites a line: " + citations));
  }

  private static String nodeSelector(String nodeId) {
    return "[data-testid=mindmap] [data-node-id=\"" + nodeId + "\"]";
  }

  /** The segment ids of the transcript lines marked {@code cited}, once there are any. */
  private Set<String> awaitCitedLines() {
    String query =
        "return Array.from(document.querySelectorAll("
            + "'[data-testid=transcript] li.cited[data-segment-id]'),"
            + " li => li.getAttribute('data-segment-id'))";
    List<String> cited =
        await(
            "transcript lines marked cited",
            driver -> {
              List<String> ids = script(query);
              return ids.isEmpty() ? null : ids;
            });
    return new HashSet<>(cited);
  }

  private int awaitCount(String what, String selector, IntPredicate wanted) {
    return await(
        what,
        driver -> {
          Number count = script("return document.querySelectorAll(arguments[0]).length", selector);
          return wanted.test(count.intValue()) ? count.intValue() : null;
        });
  }

  private <T> T await(String what, Function<WebDriver, T> condition) {
    return new WebDriverWait(browser, PAGE_DEADLINE)
        .pollingEvery(Duration.ofMillis(250))
        .withMessage(what)
        .until(condition);
  }

  private static double progressValue(WebElement progress) {
    String value = progress.getDomProperty("value");
    return value == null ? -1 : Double.parseDouble(value);
  }

  @SuppressWarnings("unchecked")
  private <T> T script(String script, Object... arguments) {
    return (T) ((JavascriptExecutor) browser).executeScript(script, arguments);
  }

  private void saveScreenshot() throws IOException {
    Path shot = buildDirectory().resolve("dashboard.png");
    Files.write(shot, browser.getScreenshotAs(OutputType.BYTES));
    if (Boolean.getBoolean("callstream.screenshot.update")) {
      Path docs = Path.of(System.getProperty("callstream.repo.dir"), "docs", "dashboard.png");
      Files.createDirectories(docs.getParent());
      Files.copy(shot, docs, StandardCopyOption.REPLACE_EXISTING);
    }
  }

  private static Path buildDirectory() throws IOException {
    return Files.createDirectories(Path.of(System.getProperty("callstream.build.dir")));
  }

  /**
   * Debian's Chromium through Debian's chromedriver, both by path: with the driver given, Selenium
   * Manager (which could download a browser) is never asked. The browser resolves only localhost,
   * so the dashboard cannot lean on anything from the network.
   */
  private static ChromeDriver startChromium(Path downloads) {
    assertThat(CHROMIUM)
        .as("Debian's chromium (apt-get install chromium chromium-driver)")
        .isExecutable();
    assertThat(CHROMEDRIVER)
        .as("Debian's chromedriver (apt-get install chromium-driver)")
        .isExecutable();
    System.setProperty("webdriver.chrome.driver", CHROMEDRIVER.toString());
    ChromeOptions options = new ChromeOptions();
    options.setBinary(CHROMIUM.toFile());
    options.addArguments(
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-dev-shm-usage",
        "--disable-background-networking",
        "--host-resolver-rules=MAP * ~NOTFOUND , EXCLUDE localhost",
        "--window-size=1280,900");
    options.setCapability("goog:loggingPrefs", Map.of(LogType.BROWSER, "ALL"));
    options.setExperimentalOption(
        "prefs",
        Map.of(
            "download.default_directory",
            downloads.toString(),
            "download.prompt_for_download",
            false));
    ChromeDriverService service =
        new ChromeDriverService.Builder()
            .usingDriverExecutable(new File(CHROMEDRIVER.toString()))
            .usingAnyFreePort()
            .build();
    return new ChromeDriver(service, options);
  }

  // --- the calls ------------------------------------------------------------------------------

  /**
   * Streams turns {@code [from, to)} to ingest as one live NDJSON feed, each turn when its speaker
   * finishes it at {@code speed} times real time; answers the acks once the feed is done.
   */
  private CompletableFuture<HttpResponse<String>> replay(
      String callId, List<Meeting.Turn> turns, int from, int to, double speed) {
    long offsetMs = turns.get(from).startMs();
    List<String> lines = new ArrayList<>();
    List<Long> dueMs = new ArrayList<>();
    for (int sequence = from; sequence < to; sequence++) {
      Meeting.Turn turn = turns.get(sequence);
      lines.add(segment(sequence, turn).toString());
      dueMs.add(Math.round((turn.endMs() - offsetMs) / speed));
    }
    HttpRequest request =
        ingestRequest("/calls/" + callId + "/segments")
            .timeout(REPLAY_DEADLINE)
            .header("Content-Type", "application/x-ndjson")
            .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new PacedLines(lines, dueMs)))
            .build();
    return http.sendAsync(request, HttpResponse.BodyHandlers.ofString());
  }

  /** The feed was taken whole: one ack per line, no error. */
  private static void assertReplayed(CompletableFuture<HttpResponse<String>> replay, int count)
      throws Exception {
    HttpResponse<String> response = replay.get(REPLAY_DEADLINE.toMinutes(), TimeUnit.MINUTES);
    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    List<String> replies = response.body().lines().filter(line -> !line.isBlank()).toList();
    assertThat(replies).as(response.body()).hasSize(count);
    for (String reply : replies) {
      assertThat(JSON.readTree(reply).has("ack")).as(reply).isTrue();
    }
  }

  private String uploadWhole(Meeting meeting) throws IOException, InterruptedException {
    String callId = createCall(UPLOADED_TITLE, "upload");
    ObjectNode body = JSON.createObjectNode();
    ArrayNode segments = body.putArray("segments");
    List<Meeting.Turn> turns = spokenTurns(meeting);
    for (int sequence = 0; sequence < turns.size(); sequence++) {
      segments.add(segment(sequence, turns.get(sequence)));
    }
    HttpResponse<String> posted =
        postIngest(
            "/calls/" + callId + "/transcript", "application/json", JSON.writeValueAsString(body));
    assertThat(posted.statusCode()).as(posted.body()).isEqualTo(202);
    HttpResponse<String> ended = postIngest("/calls/" + callId + "/end", "application/json", "");
    assertThat(ended.statusCode()).as(ended.body()).isEqualTo(200);
    return callId;
  }

  private static ObjectNode segment(int sequence, Meeting.Turn turn) {
    return JSON.createObjectNode()
        .put("sequence", sequence)
        .put("speaker", turn.speaker())
        .put("startMs", turn.startMs())
        .put("endMs", turn.endMs())
        .put("text", turn.text())
        .put("final", true);
  }

  /** The turns with words in them (markup alone leaves some empty). */
  private static List<Meeting.Turn> spokenTurns(Meeting meeting) {
    return meeting.turns().stream().filter(turn -> !turn.text().isBlank()).toList();
  }

  private String createCall(String title, String source) throws IOException, InterruptedException {
    ObjectNode body = JSON.createObjectNode().put("title", title).put("source", source);
    HttpResponse<String> created =
        postIngest("/calls", "application/json", JSON.writeValueAsString(body));
    assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
    return JSON.readTree(created.body()).path("callId").asText();
  }

  /** The analysis status of a call once the query API has it. */
  private String awaitAnalysisStatus(String callId) throws Exception {
    Instant end = Instant.now().plus(PAGE_DEADLINE);
    JsonNode detail = call(callId);
    while (!detail.path("analysis").hasNonNull("status") && Instant.now().isBefore(end)) {
      Thread.sleep(500);
      detail = call(callId);
    }
    assertThat(detail.path("analysis").path("status").asText()).as(detail.toString()).isNotEmpty();
    return detail.path("analysis").path("status").asText();
  }

  private JsonNode call(String callId) throws IOException, InterruptedException {
    HttpResponse<String> detail = getQuery("/calls/" + callId);
    assertThat(detail.statusCode()).as(detail.body()).isEqualTo(200);
    return JSON.readTree(detail.body());
  }

  // --- HTTP -----------------------------------------------------------------------------------

  private HttpResponse<String> getQuery(String path) throws IOException, InterruptedException {
    return http.send(
        HttpRequest.newBuilder(URI.create(queryUrl("/v1/workspaces/" + workspace + path)))
            .timeout(Duration.ofMinutes(1))
            .header("Authorization", "Bearer " + key)
            .GET()
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private HttpResponse<String> postIngest(String path, String contentType, String body)
      throws IOException, InterruptedException {
    return http.send(
        ingestRequest(path)
            .timeout(Duration.ofMinutes(1))
            .header("Content-Type", contentType)
            .POST(HttpRequest.BodyPublishers.ofString(body))
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private HttpRequest.Builder ingestRequest(String path) {
    return HttpRequest.newBuilder(
            URI.create(
                "http://localhost:"
                    + env.get("CALLSTREAM_INGEST_PORT")
                    + "/v1/workspaces/"
                    + workspace
                    + path))
        .header("Authorization", "Bearer " + key);
  }

  private String queryUrl(String path) {
    return "http://localhost:" + env.get("CALLSTREAM_QUERY_PORT") + path;
  }

  /**
   * An NDJSON body that hands over each line only when it is due (milliseconds after the first
   * read), as a live client would send segments while people talk. Not thread-safe: the HTTP client
   * reads it from one thread at a time.
   */
  private static final class PacedLines extends InputStream {

    private final List<String> lines;
    private final List<Long> dueMs;
    private long startNanos = -1;
    private int next;
    private byte[] current = new byte[0];
    private int at;

    PacedLines(List<String> lines, List<Long> dueMs) {
      this.lines = List.copyOf(lines);
      this.dueMs = List.copyOf(dueMs);
    }

    @Override
    public int read() throws IOException {
      byte[] one = new byte[1];
      return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] buffer, int offset, int length) throws IOException {
      if (length == 0) {
        return 0;
      }
      if (at == current.length) {
        if (next == lines.size()) {
          return -1;
        }
        awaitDue(dueMs.get(next));
        current = (lines.get(next++) + "\n").getBytes(StandardCharsets.UTF_8);
        at = 0;
      }
      int count = Math.min(length, current.length - at);
      System.arraycopy(current, at, buffer, offset, count);
      at += count;
      return count;
    }

    private void awaitDue(long due) throws InterruptedIOException {
      if (startNanos < 0) {
        startNanos = System.nanoTime();
      }
      long waitMs = due - (System.nanoTime() - startNanos) / 1_000_000;
      if (waitMs > 0) {
        try {
          Thread.sleep(waitMs);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new InterruptedIOException("replay interrupted");
        }
      }
    }
  }
}
