package io.callstream.api.audit;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

class ChainVerifierTest {

  @Test
  void shouldFindAnUnbrokenChainValid() {
    ChainReport report = verify(chain(4));

    assertThat(report.valid()).isTrue();
    assertThat(report.entries()).isEqualTo(4);
    assertThat(report.firstBroken()).isNull();
  }

  @Test
  void shouldFindAnEmptyChainValid() {
    assertThat(verify(List.of())).isEqualTo(new ChainReport(true, 0, null));
  }

  @Test
  void shouldNameAnEntryWhoseContentChanged() {
    List<StoredAuditEntry> chain = chain(4);
    StoredAuditEntry original = chain.get(1);
    AuditEntry e = original.entry();
    chain.set(
        1,
        new StoredAuditEntry(
            new AuditEntry(
                e.workspaceId(),
                e.seq(),
                e.id(),
                e.type(),
                e.actor(),
                e.sourceIp(),
                e.occurredAt(),
                diff("{\"from\":30,\"to\":3650}")),
            original.prevHash(),
            original.hash()));

    ChainReport report = verify(chain);

    assertThat(report.valid()).isFalse();
    assertThat(report.entries()).isEqualTo(4);
    assertThat(report.firstBroken().seq()).isEqualTo(2);
    assertThat(report.firstBroken().id()).isEqualTo("id-2");
    assertThat(report.firstBroken().reason()).startsWith("hash mismatch");
  }

  @Test
  void shouldNameTheEntryAfterADeletedOne() {
    List<StoredAuditEntry> chain = chain(4);
    chain.remove(2);

    ChainReport report = verify(chain);

    assertThat(report.valid()).isFalse();
    assertThat(report.firstBroken().seq()).isEqualTo(4);
    assertThat(report.firstBroken().reason()).startsWith("seq gap").contains("expected seq 3");
  }

  @Test
  void shouldNameAnEntryRehashedOnAnotherPredecessor() {
    List<StoredAuditEntry> chain = chain(3);
    StoredAuditEntry third = chain.get(2);
    byte[] forged = AuditChain.genesis();
    chain.set(
        2, new StoredAuditEntry(third.entry(), forged, AuditChain.hash(forged, third.entry())));

    ChainReport report = verify(chain);

    assertThat(report.firstBroken().seq()).isEqualTo(3);
    assertThat(report.firstBroken().reason()).startsWith("prev_hash mismatch");
  }

  private static ChainReport verify(List<StoredAuditEntry> entries) {
    ChainVerifier verifier = new ChainVerifier();
    entries.forEach(verifier::check);
    return verifier.report();
  }

  private static List<StoredAuditEntry> chain(int length) {
    List<StoredAuditEntry> chain = new ArrayList<>();
    byte[] previous = AuditChain.genesis();
    for (int seq = 1; seq <= length; seq++) {
      AuditEntry entry =
          new AuditEntry(
              "ws_1",
              seq,
              "id-" + seq,
              "RETENTION_CHANGED",
              "key:1",
              "10.0.0.1",
              Instant.parse("2026-03-01T10:00:00Z").plusSeconds(seq),
              diff("{\"from\":30,\"to\":" + seq + "}"));
      byte[] hash = AuditChain.hash(previous, entry);
      chain.add(new StoredAuditEntry(entry, previous, hash));
      previous = hash;
    }
    return chain;
  }

  private static JsonNode diff(String json) {
    return CanonicalJson.read(json);
  }
}
