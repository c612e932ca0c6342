package io.callstream.api.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class AuditChainTest {

  private static final Instant AT = Instant.parse("2026-03-01T10:15:30.123456Z");

  @Test
  void shouldHashTheSameDiffAfterJsonbReordersKeysAndRespellsNumbers() {
    Map<String, Object> diff = new LinkedHashMap<>();
    diff.put("to", new BigDecimal("1.50"));
    diff.put("from", 1e20);
    diff.put("roles", List.of("OWNER", 7));
    diff.put("none", null);
    diff.put("name", "Q3 \"plan\"\n");
    String sent = CanonicalJson.write(diff);
    // how PostgreSQL prints that jsonb back: keys by length, then bytes; its own number spelling
    String storedByJsonb =
        "{\"to\": 1.50, \"from\": 100000000000000000000, \"name\": \"Q3 \\\"plan\\\"\\n\","
            + " \"none\": null, \"roles\": [\"OWNER\", 7]}";

    byte[] written = AuditChain.hash(AuditChain.genesis(), entry(CanonicalJson.read(sent)));
    byte[] reread = AuditChain.hash(AuditChain.genesis(), entry(CanonicalJson.read(storedByJsonb)));

    assertThat(reread).isEqualTo(written);
  }

  @Test
  void shouldWriteSortedKeysPlainNumbersAndMinimalEscapes() {
    String canonical =
        CanonicalJson.canonical(
            CanonicalJson.read("{\"b\": 2.500, \"a\": {\"y\": \"\\u0001\\u00e9\", \"x\": 1E+2}}"));

    assertThat(canonical).isEqualTo("{\"a\":{\"x\":100,\"y\":\"\\u0001é\"},\"b\":2.5}");
  }

  @Test
  void shouldChangeTheHashWhenAnyPartOfTheEntryOrThePreviousHashChanges() {
    AuditEntry entry = entry(CanonicalJson.read("{\"from\":30,\"to\":14}"));
    byte[] hash = AuditChain.hash(AuditChain.genesis(), entry);
    byte[] otherPrevious = AuditChain.genesis();
    otherPrevious[31] = 1;

    List<byte[]> others =
        List.of(
            AuditChain.hash(otherPrevious, entry),
            AuditChain.hash(
                AuditChain.genesis(), entry(CanonicalJson.read("{\"from\":30,\"to\":15}"))),
            AuditChain.hash(
                AuditChain.genesis(),
                new AuditEntry(
                    "ws_1", 1, "id-1", "RETENTION_CHANGED", "key:2", "10.0.0.1", AT, entry.diff())),
            AuditChain.hash(
                AuditChain.genesis(),
                new AuditEntry(
                    "ws_1",
                    1,
                    "id-1",
                    "RETENTION_CHANGED",
                    "key:1",
                    null,
                    AT.plusNanos(1000),
                    entry.diff())));

    assertThat(hash).hasSize(AuditChain.HASH_LENGTH);
    assertThat(others).allSatisfy(other -> assertThat(other).isNotEqualTo(hash));
  }

  @Test
  void shouldRefuseATimeFinerThanPostgresqlKeeps() {
    assertThatThrownBy(
            () ->
                new AuditEntry(
                    "ws_1",
                    1,
                    "id-1",
                    "PLAN_CHANGED",
                    "key:1",
                    null,
                    AT.plusNanos(1),
                    CanonicalJson.read("{}")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("microseconds");
  }

  private static AuditEntry entry(tools.jackson.databind.JsonNode diff) {
    return new AuditEntry("ws_1", 1, "id-1", "RETENTION_CHANGED", "key:1", "10.0.0.1", AT, diff);
  }
}
