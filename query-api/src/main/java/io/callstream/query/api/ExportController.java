package io.callstream.query.api;

import io.callstream.api.audit.Actor;
import io.callstream.api.audit.AuditLog;
import io.callstream.api.audit.AuditType;
import io.callstream.api.auth.Permission;
import io.callstream.api.auth.Permissions;
import io.callstream.api.auth.WorkspacePrincipal;
import io.callstream.api.tenancy.WorkspaceScope;
import io.callstream.core.result.Citation;
import io.callstream.core.result.InsightBody;
import io.callstream.core.result.MindmapNode;
import io.callstream.query.export.CallExport;
import io.callstream.query.export.ExportFormat;
import io.callstream.query.export.ExportFormats;
import io.callstream.query.export.ExportedInsight;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DataBufferUtils;
import org.springframework.core.io.buffer.DefaultDataBufferFactory;
import org.springframework.http.ContentDisposition;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * Exports a call's mindmap, insights and summary as a file ({@code ?format=json|md|opml|mm|
 * mermaid}, JSON when absent), streamed as the format writes it, with a {@code Content-Disposition}
 * file name.
 */
@RestController
public final class ExportController {

  private static final String FORMATS =
      Arrays.stream(ExportFormats.values())
          .map(ExportFormats::format)
          .map(ExportFormat::name)
          .collect(Collectors.joining(", "));

  private final CallQueries calls;
  private final ResultQueries results;
  private final WorkspaceScope scope;
  private final AuditLog audit;

  ExportController(CallQueries calls, ResultQueries results, WorkspaceScope scope, AuditLog audit) {
    this.calls = calls;
    this.results = results;
    this.scope = scope;
    this.audit = audit;
  }

  /** Manager or Owner; each export is audited ({@code CALL_EXPORTED}) before it streams. */
  @GetMapping("/v1/workspaces/{workspaceId}/calls/{callId}/export")
  public Mono<ResponseEntity<Flux<DataBuffer>>> export(
      @PathVariable String workspaceId,
      @PathVariable String callId,
      @RequestParam(required = false) @Nullable String format,
      @AuthenticationPrincipal WorkspacePrincipal principal,
      ServerHttpRequest request) {
    return Permissions.require(principal, Permission.EXPORT_CALLS)
        .then(Mono.defer(() -> export(workspaceId, callId, format, Actor.of(principal, request))));
  }

  private Mono<ResponseEntity<Flux<DataBuffer>>> export(
      String workspaceId, String callId, @Nullable String format, Actor actor) {
    ExportFormat writer =
        ExportFormats.byName(format == null || format.isBlank() ? "json" : format.trim())
            .orElseThrow(
                () ->
                    BadRequest.because(
                        "format must be one of " + FORMATS + ", was '" + format + "'"));
    Mono<String> title =
        calls
            .title(workspaceId, callId)
            .switchIfEmpty(Mono.error(() -> BadRequest.notFound("no such call in this workspace")));
    Mono<MindmapView> mindmap =
        results
            .mindmap(workspaceId, callId)
            .switchIfEmpty(
                Mono.error(
                    () -> BadRequest.notFound("no mindmap for this call yet: nothing to export")));
    Mono<List<InsightView>> insights = results.insightsOfCall(workspaceId, callId).collectList();
    Mono<Optional<String>> summary =
        results
            .summary(workspaceId, callId)
            .map(s -> Optional.of(s.text()))
            .defaultIfEmpty(Optional.empty());
    return title
        .flatMap(
            name ->
                Mono.zip(mindmap, insights, summary)
                    .map(
                        found ->
                            export(
                                callId,
                                name,
                                found.getT1().root(),
                                found.getT2(),
                                found.getT3().orElse(null))))
        .flatMap(
            export ->
                scope
                    .mono(
                        workspaceId,
                        audit.record(
                            workspaceId,
                            AuditType.CALL_EXPORTED,
                            actor,
                            Map.of("callId", callId, "format", writer.name())))
                    .thenReturn(answer(writer, export)));
  }

  private static ResponseEntity<Flux<DataBuffer>> answer(ExportFormat writer, CallExport export) {
    Flux<DataBuffer> body =
        Flux.from(
            DataBufferUtils.outputStreamPublisher(
                out -> {
                  try {
                    writer.write(export, out);
                  } catch (IOException e) {
                    throw new UncheckedIOException(e);
                  }
                },
                DefaultDataBufferFactory.sharedInstance,
                task -> Schedulers.boundedElastic().schedule(task)));
    return ResponseEntity.ok()
        .contentType(MediaType.parseMediaType(writer.mediaType()))
        .header(
            HttpHeaders.CONTENT_DISPOSITION,
            ContentDisposition.attachment()
                .filename(writer.fileName(export), StandardCharsets.UTF_8)
                .build()
                .toString())
        .body(body);
  }

  /**
   * The export of a call. Insights carry only segment ids; their time spans come from the mindmap's
   * citations of the same segments (transcripts are not stored here yet), and a segment the mindmap
   * does not cite is left out of the insight's citations.
   */
  private static CallExport export(
      String callId,
      String title,
      MindmapNode mindmap,
      List<InsightView> insights,
      @Nullable String summary) {
    Map<String, Citation> spans = new HashMap<>();
    collectCitations(mindmap, spans);
    List<ExportedInsight> exported =
        insights.stream()
            .map(
                insight ->
                    new ExportedInsight(
                        insight.insightId(),
                        insight.type(),
                        new InsightBody(insight.text(), insight.owner(), insight.due()),
                        insight.citedSegmentIds().stream()
                            .map(spans::get)
                            .filter(Objects::nonNull)
                            .toList()))
            .toList();
    return new CallExport(callId, title, mindmap, exported, summary);
  }

  private static void collectCitations(MindmapNode node, Map<String, Citation> spans) {
    node.citations().forEach(citation -> spans.putIfAbsent(citation.segmentId(), citation));
    node.children().forEach(child -> collectCitations(child, spans));
  }
}
