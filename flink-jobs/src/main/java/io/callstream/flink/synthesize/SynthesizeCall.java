package io.callstream.flink.synthesize;

import io.callstream.analyzer.Analyzer;
import io.callstream.analyzer.Branch;
import io.callstream.analyzer.ChunkFindings;
import io.callstream.analyzer.FindingsJson;
import io.callstream.analyzer.Synthesis;
import io.callstream.analyzer.SynthesisRequest;
import io.callstream.core.crypto.Field;
import io.callstream.core.crypto.FieldCipher;
import io.callstream.core.event.CallAnalyzed;
import io.callstream.core.event.CallstreamEvent;
import io.callstream.core.event.Ciphertext;
import io.callstream.core.event.MindmapUpdated;
import io.callstream.core.event.SummaryUpdated;
import io.callstream.core.event.Usage;
import io.callstream.core.id.Ids;
import io.callstream.core.result.MindmapNode;
import io.callstream.core.result.ResultJson;
import io.callstream.core.token.TokenCounter;
import io.callstream.flink.analyze.Failures;
import io.callstream.flink.analyze.Providers;
import io.callstream.flink.analyze.RequestSettings;
import io.callstream.flink.analyze.SegmentFacts;
import io.callstream.flink.merge.CallToSynthesize;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.streaming.api.functions.async.ResultFuture;
import org.apache.flink.streaming.api.functions.async.RichAsyncFunction;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The final pass over a call whose chunks are all merged: the analyzer reads the merged mindmap and
 * findings (not the transcript, so the prompt grows with what was found), names the call and writes
 * its summary. Emits the consolidated mindmap, the summary and {@link CallAnalyzed}, the call's
 * last result; when synthesis fails, the call still ends, as degraded, with the reason.
 */
public final class SynthesizeCall extends RichAsyncFunction<CallToSynthesize, CallstreamEvent> {

  private static final long serialVersionUID = 1L;
  private static final Logger LOG = LoggerFactory.getLogger(SynthesizeCall.class);

  private final RequestSettings requests;

  private transient FieldCipher cipher;
  private transient Providers providers;

  public SynthesizeCall(RequestSettings requests) {
    if (requests == null) {
      throw new IllegalArgumentException("requests must not be null");
    }
    this.requests = requests;
  }

  @Override
  public void open(OpenContext openContext) {
    cipher = requests.cipher().open();
    providers = requests.acquireProviders();
  }

  @Override
  public void close() {
    if (providers != null) {
      providers.close();
    }
  }

  @Override
  public void asyncInvoke(CallToSynthesize call, ResultFuture<CallstreamEvent> result) {
    MindmapNode root;
    SynthesisRequest request;
    try {
      root = ResultJson.readMindmap(decrypt(call, Field.MINDMAP, call.mindmap()));
      ChunkFindings findings = FindingsJson.read(decrypt(call, Field.INSIGHT, call.findings()));
      request = SynthesisInput.of(call.workspaceId(), call.callId(), root, findings.findings());
    } catch (IOException | RuntimeException e) {
      LOG.warn("call {} cannot be synthesized", call.callId(), e);
      result.complete(List.of(degraded(call, "the summary could not be written: " + e)));
      return;
    }
    Analyzer analyzer = providers.analyzerOf(call.workspaceId());
    providers
        .dispatcherOf(call.workspaceId())
        .submit(call.workspaceId(), estimatedTokens(request), () -> analyzer.synthesize(request))
        .whenComplete(
            (synthesis, error) ->
                result.complete(
                    error == null
                        ? synthesized(call, root, synthesis)
                        : List.of(
                            degraded(
                                call,
                                "the summary could not be written: " + Failures.reason(error)))));
  }

  @Override
  public void timeout(CallToSynthesize call, ResultFuture<CallstreamEvent> result) {
    result.complete(
        List.of(
            degraded(
                call,
                "the summary could not be written within "
                    + requests.timeout().toSeconds()
                    + " s")));
  }

  private List<CallstreamEvent> synthesized(
      CallToSynthesize call, MindmapNode root, Synthesis synthesis) {
    Instant now = Instant.now();
    List<CallstreamEvent> events = new ArrayList<>();
    MindmapNode named =
        new MindmapNode(root.id(), synthesis.headline(), root.citations(), root.children());
    events.add(
        new MindmapUpdated(
            Ids.deterministic("mindmap-updated", call.callId(), call.nextMindmapVersion()),
            call.workspaceId(),
            call.callId(),
            now,
            call.nextMindmapVersion(),
            encrypt(call, Field.MINDMAP, ResultJson.write(named)),
            call.analyzer()));
    events.add(
        new SummaryUpdated(
            Ids.deterministic("summary-updated", call.callId(), 1),
            call.workspaceId(),
            call.callId(),
            now,
            1,
            encrypt(call, Field.SUMMARY, synthesis.summary().getBytes(StandardCharsets.UTF_8)),
            grounded(call, synthesis.segmentIds()),
            call.analyzer()));
    if (synthesis.usage().requests() > 0 || synthesis.usage().inputTokens() > 0) {
      events.add(
          new Usage(
              Ids.deterministic("usage", call.callId(), "synthesis"),
              call.workspaceId(),
              call.callId(),
              now,
              synthesis.usage().inputTokens(),
              synthesis.usage().outputTokens(),
              synthesis.usage().requests(),
              0));
    }
    events.add(analyzed(call, call.status(), call.reason(), now));
    return events;
  }

  private CallAnalyzed degraded(CallToSynthesize call, String why) {
    String reason = call.reason() == null ? why : call.reason() + "; " + why;
    return analyzed(call, CallAnalyzed.Status.DEGRADED, reason, Instant.now());
  }

  private static CallAnalyzed analyzed(
      CallToSynthesize call, CallAnalyzed.Status status, String reason, Instant now) {
    return new CallAnalyzed(
        Ids.deterministic("call-analyzed", call.callId()),
        call.workspaceId(),
        call.callId(),
        now,
        status,
        reason,
        call.analyzer());
  }

  /** The summary may cite only segments of the call; any other citation is dropped. */
  private static List<String> grounded(CallToSynthesize call, List<String> cited) {
    Set<String> known =
        call.segments().stream().map(SegmentFacts::segmentId).collect(Collectors.toSet());
    return cited.stream().filter(known::contains).distinct().toList();
  }

  private static long estimatedTokens(SynthesisRequest request) {
    TokenCounter counter = TokenCounter.o200k();
    long tokens = 0;
    for (Branch branch : request.mindmap()) {
      tokens += counter.count(branch.label());
      for (Branch child : branch.children()) {
        tokens += counter.count(child.label());
      }
    }
    for (var finding : request.findings()) {
      tokens += counter.count(finding.text());
    }
    return tokens;
  }

  private byte[] decrypt(CallToSynthesize call, Field field, Ciphertext ciphertext) {
    return cipher.decrypt(call.workspaceId(), call.callId(), field, ciphertext.bytes());
  }

  private Ciphertext encrypt(CallToSynthesize call, Field field, byte[] plaintext) {
    return Ciphertext.of(cipher.encrypt(call.workspaceId(), call.callId(), field, plaintext));
  }
}
