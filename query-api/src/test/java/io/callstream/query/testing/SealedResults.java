package io.callstream.query.testing;

import io.callstream.core.crypto.Field;
import io.callstream.core.crypto.FieldCipher;
import io.callstream.core.event.Ciphertext;
import io.callstream.core.event.InsightDetected;
import io.callstream.core.event.InsightType;
import io.callstream.core.event.MindmapUpdated;
import io.callstream.core.event.SummaryUpdated;
import io.callstream.core.id.Ids;
import io.callstream.core.result.Citation;
import io.callstream.core.result.InsightBody;
import io.callstream.core.result.MindmapNode;
import io.callstream.core.result.ResultJson;
import java.time.Instant;
import java.util.List;

/**
 * Result events of one call with real ciphertext, encrypted by the service's own {@link
 * FieldCipher} as the Flink job would with the same keys.
 */
public final class SealedResults {

  private final FieldCipher cipher;
  private final String workspaceId;
  private final String callId;

  public SealedResults(FieldCipher cipher, String workspaceId, String callId) {
    this.cipher = cipher;
    this.workspaceId = workspaceId;
    this.callId = callId;
  }

  /** Budget, with two cited topics: "Q3 numbers" (1.5 s to 4 s) and "Hiring" (61 s to 65 s). */
  public static MindmapNode budgetMindmap() {
    return new MindmapNode(
        "root",
        "Budget review",
        List.of(),
        List.of(
            new MindmapNode(
                "n1", "Q3 numbers", List.of(new Citation("seg-1", 1_500, 4_000)), List.of()),
            new MindmapNode(
                "n2", "Hiring", List.of(new Citation("seg-2", 61_000, 65_000)), List.of())));
  }

  public MindmapUpdated mindmap(long version, MindmapNode root) {
    return new MindmapUpdated(
        Ids.timeOrdered(),
        workspaceId,
        callId,
        Instant.now(),
        version,
        Ciphertext.of(cipher.encrypt(workspaceId, callId, Field.MINDMAP, ResultJson.write(root))),
        "local");
  }

  public InsightDetected insight(InsightType type, String text, Instant at, String... cited) {
    byte[] body = ResultJson.write(new InsightBody(text, "Ana", "Friday"));
    return new InsightDetected(
        Ids.timeOrdered(),
        workspaceId,
        callId,
        at,
        Ids.timeOrdered(),
        type,
        Ciphertext.of(cipher.encrypt(workspaceId, callId, Field.INSIGHT, body)),
        List.of(cited),
        "local");
  }

  public SummaryUpdated summary(long version, String text) {
    return new SummaryUpdated(
        Ids.timeOrdered(),
        workspaceId,
        callId,
        Instant.now(),
        version,
        Ciphertext.of(cipher.encryptText(workspaceId, callId, Field.SUMMARY, text)),
        List.of("seg-1"),
        "local");
  }
}
