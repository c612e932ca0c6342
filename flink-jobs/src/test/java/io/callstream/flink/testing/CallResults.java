package io.callstream.flink.testing;

import static org.assertj.core.api.Assertions.assertThat;

import io.callstream.core.crypto.Field;
import io.callstream.core.crypto.FieldCipher;
import io.callstream.core.event.CallAnalyzed;
import io.callstream.core.event.CallstreamEvent;
import io.callstream.core.event.InsightDetected;
import io.callstream.core.event.MetricsUpdated;
import io.callstream.core.event.MindmapUpdated;
import io.callstream.core.event.SummaryUpdated;
import io.callstream.core.result.InsightBody;
import io.callstream.core.result.MindmapNode;
import io.callstream.core.result.ResultJson;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/** The committed result events of one call, in the order read, with their plaintext at hand. */
public final class CallResults {

  private final List<CallstreamEvent> events = new ArrayList<>();
  private final FieldCipher cipher;

  CallResults(FieldCipher cipher) {
    this.cipher = cipher;
  }

  void add(CallstreamEvent event) {
    events.add(event);
  }

  public List<CallstreamEvent> events() {
    return List.copyOf(events);
  }

  public <T extends CallstreamEvent> List<T> of(Class<T> type) {
    return events.stream().filter(type::isInstance).map(type::cast).toList();
  }

  public Optional<CallAnalyzed> analyzed() {
    return of(CallAnalyzed.class).stream().findFirst();
  }

  /** The mindmap of the highest version. */
  public MindmapNode mindmap() {
    MindmapUpdated latest =
        of(MindmapUpdated.class).stream()
            .reduce((a, b) -> a.version() >= b.version() ? a : b)
            .orElseThrow(() -> new AssertionError("no mindmap in " + events));
    return mindmapAt(latest.version());
  }

  /** The mindmap of one version. */
  public MindmapNode mindmapAt(long version) {
    MindmapUpdated latest =
        of(MindmapUpdated.class).stream()
            .filter(m -> m.version() == version)
            .findFirst()
            .orElseThrow(() -> new AssertionError("no mindmap version " + version));
    return read(
        () ->
            ResultJson.readMindmap(
                cipher.decrypt(
                    latest.workspaceId(),
                    latest.callId(),
                    Field.MINDMAP,
                    latest.mindmap().bytes())));
  }

  public InsightBody insightBody(InsightDetected insight) {
    return read(
        () ->
            ResultJson.readInsight(
                cipher.decrypt(
                    insight.workspaceId(),
                    insight.callId(),
                    Field.INSIGHT,
                    insight.body().bytes())));
  }

  public Optional<String> summary() {
    return of(SummaryUpdated.class).stream()
        .reduce((a, b) -> a.version() >= b.version() ? a : b)
        .map(
            summary ->
                new String(
                    cipher.decrypt(
                        summary.workspaceId(),
                        summary.callId(),
                        Field.SUMMARY,
                        summary.summary().bytes()),
                    StandardCharsets.UTF_8));
  }

  public Optional<MetricsUpdated> metrics() {
    List<MetricsUpdated> metrics = of(MetricsUpdated.class);
    return metrics.isEmpty() ? Optional.empty() : Optional.of(metrics.get(metrics.size() - 1));
  }

  /** Every segment id any node of the mindmap or any insight or summary cites. */
  public List<String> citedSegmentIds() {
    List<String> cited = new ArrayList<>();
    nodes(mindmap()).forEach(node -> node.citations().forEach(c -> cited.add(c.segmentId())));
    of(InsightDetected.class).forEach(insight -> cited.addAll(insight.citedSegmentIds()));
    of(SummaryUpdated.class).forEach(summary -> cited.addAll(summary.citedSegmentIds()));
    return cited;
  }

  /** The root and every node under it. */
  public static Stream<MindmapNode> nodes(MindmapNode node) {
    return Stream.concat(Stream.of(node), node.children().stream().flatMap(CallResults::nodes));
  }

  /** No event id twice: the exactly-once topic holds no duplicate. */
  public void assertNoDuplicates() {
    assertThat(events.stream().map(CallstreamEvent::eventId))
        .as("event ids of the call's results")
        .doesNotHaveDuplicates();
  }

  private interface Reading<T> {
    T read() throws IOException;
  }

  private static <T> T read(Reading<T> reading) {
    try {
      return reading.read();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
