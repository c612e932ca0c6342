package io.callstream.cli.watch;

import io.callstream.cli.CliException;
import io.callstream.cli.ExitCode;
import io.callstream.cli.http.ApiClient;
import io.callstream.cli.http.ApiOptions;
import io.callstream.cli.http.EventStreamReader;
import io.callstream.cli.http.Paths;
import io.callstream.cli.http.ServerSentEvent;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;

/**
 * {@code callstream watch CALL}: follows the call's Server-Sent Events ({@code
 * .../calls/{id}/events}) until its analysis ends, and exits with a code that says how it ended. By
 * default the stream starts at the call's first event, so a call that is already over shows whole;
 * a dropped stream resumes with {@code Last-Event-ID}, losing nothing.
 */
@Command(
    name = "watch",
    mixinStandardHelpOptions = true,
    description = {
      "Follow a call live: progress per stage, transcript lines, insights, mindmap versions,"
          + " until its analysis ends.",
      "Exits 0 when the analysis ended COMPLETED, 4 DEGRADED, 5 FAILED, 6 EMPTY."
    })
public final class WatchCommand implements Callable<Integer> {

  /**
   * A stream position before every event: the query API starts a partition it has not seen at its
   * beginning, so this replays the call's whole log.
   */
  static final String FROM_START = "i0-0";

  private static final int RECONNECTS = 5;
  private static final long DEFAULT_RETRY_MS = 3000;

  @Spec CommandSpec spec;

  @Mixin ApiOptions options = new ApiOptions();

  @Parameters(index = "0", paramLabel = "CALL", description = "the call id")
  String callId = "";

  @Option(
      names = "--from-now",
      description = "show only what happens from now on, not the call's history")
  boolean fromNow;

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    ApiClient api = ApiClient.of(options);
    String workspace = api.workspace();
    JsonNode call =
        api.sendForJson(
            api.timedRequest(Paths.workspace(options.url(), workspace, "calls", callId))
                .GET()
                .build());
    out.println("watching  " + ApiClient.text(call, "title") + " (" + callId + ")");
    out.flush();
    CallView view = new CallView(out);
    JsonNode analysis = call.path("analysis");
    if (fromNow && analysis.isObject()) {
      view.analyzed(analysis);
      return view.exitCode();
    }
    URI events = Paths.workspace(options.url(), workspace, "calls", callId, "events");
    String position = fromNow ? null : FROM_START;
    int failures = 0;
    while (true) {
      long retryMs = DEFAULT_RETRY_MS;
      try (EventStreamReader reader = EventStreamReader.of(open(api, events, position).body())) {
        ServerSentEvent event;
        while ((event = reader.next()) != null) {
          failures = 0;
          if (event.id() != null && !event.id().isBlank()) {
            position = event.id();
          }
          JsonNode data = parse(api, event);
          if (data != null) {
            view.show(event.type(), data);
          }
          if (view.ended()) {
            return view.exitCode();
          }
        }
        Long asked = reader.retryMs();
        retryMs = asked == null ? retryMs : asked;
      } catch (IOException broken) {
        if (++failures > RECONNECTS) {
          throw api.unreachable(events, broken);
        }
      } catch (CliException failure) {
        if (failure.exitCode() != ExitCode.UNREACHABLE || ++failures > RECONNECTS) {
          throw failure;
        }
      }
      err.println("callstream: the event stream closed; resuming");
      err.flush();
      sleep(retryMs);
    }
  }

  private static HttpResponse<InputStream> open(
      ApiClient api, URI events, @Nullable String position) {
    HttpRequest.Builder request = api.request(events).header("Accept", "text/event-stream").GET();
    if (position != null) {
      request.header("Last-Event-ID", position);
    }
    return api.sendForStream(request.build());
  }

  private static @Nullable JsonNode parse(ApiClient api, ServerSentEvent event) {
    try {
      return api.json().readTree(event.data());
    } catch (JacksonException e) {
      return null;
    }
  }

  private static void sleep(long ms) {
    try {
      TimeUnit.MILLISECONDS.sleep(Math.max(100, Math.min(ms, 30_000)));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw CliException.api("interrupted");
    }
  }
}
