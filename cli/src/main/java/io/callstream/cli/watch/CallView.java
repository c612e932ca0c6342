package io.callstream.cli.watch;

import io.callstream.cli.ExitCode;
import io.callstream.cli.http.ApiClient;
import io.callstream.cli.terminal.ProgressBar;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;

/**
 * Renders a call's live events as terminal lines: a progress bar per pipeline stage, transcript
 * lines as they are final, insights, mindmap versions, the summary and metrics, and how the
 * analysis ended, which decides the exit code. Not thread-safe: one stream feeds it.
 */
final class CallView {

  private static final String PREFIX = "io.callstream.";

  private final PrintWriter out;
  private final Map<String, ProgressBar> bars = new HashMap<>();
  private @Nullable Integer exitCode;

  /**
   * A view that prints to {@code out}. Its bars print a line at every tenth of the way, never
   * redrawing in place, since transcript lines come between them.
   */
  CallView(PrintWriter out) {
    this.out = Objects.requireNonNull(out, "out must not be null");
  }

  /** Shows one event of the stream. */
  void show(String type, JsonNode data) {
    switch (type.startsWith(PREFIX) ? type.substring(PREFIX.length()) : type) {
      case "progress.updated.v1" -> progress(data);
      case "transcript.segment.v1" -> segment(data);
      case "insight.detected.v1" -> insight(data);
      case "mindmap.updated.v1" -> mindmap(data);
      case "summary.updated.v1" -> line("summary", ApiClient.text(data, "text"));
      case "metrics.updated.v1" -> metrics(data);
      case "call.analyzed.v1" -> analyzed(data);
      default -> {
        // a type this client does not know yet: newer servers may send more
      }
    }
    out.flush();
  }

  /** Whether the call's analysis has ended. */
  boolean ended() {
    return exitCode != null;
  }

  /** The exit code of how the analysis ended; only once it has. */
  int exitCode() {
    if (exitCode == null) {
      throw new IllegalStateException("the analysis has not ended");
    }
    return exitCode;
  }

  /** Shows an analysis that ended before the stream could tell, from the call's detail. */
  void analyzed(JsonNode analysis) {
    String status = Objects.requireNonNullElse(ApiClient.text(analysis, "status"), "UNKNOWN");
    String reason = ApiClient.text(analysis, "reason");
    String analyzer = ApiClient.text(analysis, "analyzer");
    bars.values().forEach(ProgressBar::finish);
    line(
        "analysis",
        status
            + (analyzer == null ? "" : " (" + analyzer + ")")
            + (reason == null ? "" : ": " + reason));
    exitCode =
        switch (status) {
          case "COMPLETED" -> ExitCode.OK;
          case "DEGRADED" -> ExitCode.DEGRADED;
          case "EMPTY" -> ExitCode.EMPTY;
          default -> ExitCode.FAILED;
        };
  }

  private void progress(JsonNode data) {
    String stage = Objects.requireNonNullElse(ApiClient.text(data, "stage"), "?");
    long done = data.path("done").asLong();
    long total = data.path("total").asLong();
    if (total <= 0) {
      return;
    }
    // a live call's total grows as segments arrive
    bars.computeIfAbsent(
            stage,
            name ->
                ProgressBar.of(
                    out, name.toLowerCase(Locale.ROOT), total, ProgressBar::count, false))
        .update(done, total);
  }

  private void segment(JsonNode data) {
    if (!data.path("finalResult").asBoolean(true)) {
      return;
    }
    line(
        clock(data.path("startMs").asLong()),
        ApiClient.text(data, "speaker") + ": " + ApiClient.text(data, "text"));
  }

  private void insight(JsonNode data) {
    String owner = ApiClient.text(data, "owner");
    String due = ApiClient.text(data, "due");
    List<String> extra = new ArrayList<>();
    if (owner != null) {
      extra.add("owner " + owner);
    }
    if (due != null) {
      extra.add("due " + due);
    }
    line(
        "insight",
        ApiClient.text(data, "type")
            + "  "
            + ApiClient.text(data, "text")
            + (extra.isEmpty() ? "" : " (" + String.join(", ", extra) + ")"));
  }

  private void mindmap(JsonNode data) {
    JsonNode root = data.path("root");
    List<String> topics = new ArrayList<>();
    for (JsonNode child : root.path("children")) {
      topics.add(ApiClient.text(child, "label"));
    }
    line(
        "mindmap",
        "v"
            + data.path("version").asLong()
            + ", "
            + nodes(root)
            + " nodes: "
            + ApiClient.text(root, "label")
            + (topics.isEmpty() ? "" : " > " + String.join(" | ", topics)));
  }

  private void metrics(JsonNode data) {
    Map<String, Long> talk = new HashMap<>();
    data.path("talkMsBySpeaker")
        .properties()
        .forEach(e -> talk.put(e.getKey(), e.getValue().asLong()));
    long all = talk.values().stream().mapToLong(Long::longValue).sum();
    if (all == 0) {
      return;
    }
    line(
        "talk",
        talk.entrySet().stream()
            .sorted(Map.Entry.<String, Long>comparingByValue().reversed())
            .map(e -> e.getKey() + " " + Math.round(100.0 * e.getValue() / all) + "%")
            .collect(Collectors.joining(", ")));
  }

  private static int nodes(JsonNode node) {
    int count = 1;
    for (JsonNode child : node.path("children")) {
      count += nodes(child);
    }
    return count;
  }

  private void line(String label, @Nullable String text) {
    out.printf("%-10s %s%n", label, text == null ? "" : text);
  }

  private static String clock(long ms) {
    long seconds = ms / 1000;
    return String.format("[%02d:%02d:%02d]", seconds / 3600, seconds / 60 % 60, seconds % 60);
  }
}
