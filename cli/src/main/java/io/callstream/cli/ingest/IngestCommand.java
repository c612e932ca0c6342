package io.callstream.cli.ingest;

import io.callstream.cli.CliException;
import io.callstream.cli.ExitCode;
import io.callstream.cli.http.ApiClient;
import io.callstream.cli.http.ApiOptions;
import io.callstream.cli.http.Paths;
import io.callstream.cli.terminal.ProgressBar;
import io.callstream.cli.terminal.Terminal;
import io.callstream.ingest.transcript.format.ParsedTranscript;
import io.callstream.ingest.transcript.format.TranscriptFormat;
import io.callstream.ingest.transcript.format.TranscriptFormatException;
import java.io.PrintWriter;
import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import tools.jackson.databind.JsonNode;

/**
 * {@code callstream ingest FILE}: makes the file a call. Audio goes to {@code PUT .../audio} in
 * resumable parts; a transcript to {@code POST .../transcript}, after which the call is ended; with
 * {@code --live}, a transcript is replayed as a live call in accelerated time. Prints the call id
 * (stdout) and where to follow it; progress goes to stderr.
 */
@Command(
    name = "ingest",
    mixinStandardHelpOptions = true,
    description = {
      "Send a transcript or audio file as a new call.",
      "Transcripts: our JSON, WebVTT (.vtt), SRT (.srt), text (.txt), AMI dialogue acts (.da),"
          + " QMSum JSON. Audio: WAV, MP3, M4A/AAC, Ogg/Opus, WebM, FLAC."
    })
public final class IngestCommand implements Callable<Integer> {

  @Spec CommandSpec spec;

  @Mixin ApiOptions options = new ApiOptions();

  @Parameters(index = "0", paramLabel = "FILE", description = "the transcript or audio file")
  Path file = Path.of("");

  @Option(
      names = "--title",
      paramLabel = "TITLE",
      description = "the call's title (default: the file name)")
  @Nullable String title;

  @Option(
      names = "--format",
      paramLabel = "FORMAT",
      description =
          "json, vtt, srt, text, ami-da, qmsum or audio (default: from the file's extension and"
              + " content)")
  @Nullable String format;

  @Option(
      names = "--live",
      description = "replay a transcript as a live call, segments sent at their times")
  boolean live;

  @Option(
      names = "--speed",
      paramLabel = "FACTOR",
      defaultValue = "10",
      description = "with --live: how many times faster than real time (default ${DEFAULT-VALUE})")
  double speed = 10;

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    if (!live && spec.commandLine().getParseResult().hasMatchedOption("--speed")) {
      throw CliException.usage("--speed needs --live");
    }
    CallFile callFile = CallFile.of(file, format);
    if (live && callFile.audio()) {
      throw CliException.usage("--live replays transcripts; " + file + " is audio");
    }
    ParsedTranscript parsed = live ? parse(callFile) : null;
    ApiClient api = ApiClient.of(options);
    String workspace = api.workspace();
    String callId = create(api, workspace, live ? "live" : "upload");
    out.println("call      " + callId);
    out.flush();
    boolean interactive = Terminal.interactive();
    if (parsed != null) {
      URI socket =
          webSocket(Paths.workspace(options.ingestUrl(), workspace, "calls", callId, "live"));
      ProgressBar bar =
          ProgressBar.of(err, "live", parsed.segments().size(), ProgressBar::count, interactive);
      err.printf("replaying %d segments at %sx%n", parsed.segments().size(), speedText());
      LiveReplay.to(api, socket, speed).replay(parsed.segments(), bar);
    } else if (callFile.audio()) {
      ProgressBar bar =
          ProgressBar.of(err, "upload", size(callFile), ProgressBar::bytes, interactive);
      AudioUpload.to(api, Paths.workspace(options.ingestUrl(), workspace, "calls", callId, "audio"))
          .send(callFile.path(), callFile.mediaType(), bar);
    } else {
      JsonNode accepted = uploadTranscript(api, workspace, callId, callFile);
      err.println("uploaded  " + accepted.path("segments").asLong() + " segments");
      end(api, workspace, callId);
    }
    out.println("watch     callstream watch " + callId);
    out.println("dashboard " + Paths.join(options.url(), "/dashboard/#/calls/" + callId));
    return ExitCode.OK;
  }

  private String speedText() {
    return speed == Math.rint(speed) ? Long.toString((long) speed) : Double.toString(speed);
  }

  private static ParsedTranscript parse(CallFile callFile) {
    TranscriptFormat transcriptFormat = callFile.format();
    if (transcriptFormat == null) {
      throw new IllegalStateException("a transcript without a format");
    }
    try {
      return transcriptFormat.parser().parse(callFile.bytes());
    } catch (TranscriptFormatException e) {
      throw CliException.api(callFile.path() + ": " + e.getMessage());
    }
  }

  private String create(ApiClient api, String workspace, String source) {
    Map<String, Object> call = new LinkedHashMap<>();
    call.put("title", title != null ? title : file.getFileName().toString());
    call.put("source", source);
    HttpRequest request =
        api.timedRequest(Paths.workspace(options.ingestUrl(), workspace, "calls"))
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(api.json().writeValueAsString(call)))
            .build();
    String callId = ApiClient.text(api.sendForJson(request), "callId");
    if (callId == null) {
      throw CliException.api("ingest created a call but did not say its id");
    }
    return callId;
  }

  private JsonNode uploadTranscript(
      ApiClient api, String workspace, String callId, CallFile callFile) {
    TranscriptFormat transcriptFormat = callFile.format();
    URI uri =
        URI.create(
            Paths.workspace(options.ingestUrl(), workspace, "calls", callId, "transcript")
                + "?format="
                + (transcriptFormat == null ? "" : transcriptFormat.parameter()));
    HttpRequest request =
        api.timedRequest(uri)
            .header("Content-Type", callFile.mediaType())
            .POST(HttpRequest.BodyPublishers.ofByteArray(callFile.bytes()))
            .build();
    return api.sendForJson(request);
  }

  private void end(ApiClient api, String workspace, String callId) {
    HttpRequest request =
        api.timedRequest(Paths.workspace(options.ingestUrl(), workspace, "calls", callId, "end"))
            .POST(HttpRequest.BodyPublishers.noBody())
            .build();
    api.sendForJson(request);
  }

  private static long size(CallFile callFile) {
    try {
      return java.nio.file.Files.size(callFile.path());
    } catch (java.io.IOException e) {
      throw CliException.usage("cannot read " + callFile.path() + ": " + e.getMessage());
    }
  }

  private static URI webSocket(URI http) {
    String text = http.toString();
    if (text.startsWith("https:")) {
      return URI.create("wss:" + text.substring("https:".length()));
    }
    if (text.startsWith("http:")) {
      return URI.create("ws:" + text.substring("http:".length()));
    }
    throw CliException.usage("--ingest-url must be an http or https URL, was " + text);
  }
}
