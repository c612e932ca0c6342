package io.callstream.ingest.limits;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.springframework.http.HttpStatus;
import org.springframework.util.unit.DataSize;

class IngestLimitsTest {

  private final IngestLimits limits = new IngestLimits(DataSize.ofKilobytes(64), 10, 100);

  @Test
  void shouldAcceptSegmentWithinEveryLimit() {
    assertThat(limits.checkSegment(99, "0123456789")).isEmpty();
    assertThat(limits.checkSegment(0, null)).isEmpty();
  }

  @Test
  void shouldCountCharactersNotUtf16Units() {
    // ten emoji are twenty chars in Java, ten characters to a person
    assertThat(limits.checkSegment(0, "\uD83D\uDE00".repeat(10))).isEmpty();
  }

  @Test
  void shouldRejectTextLongerThanTheLimitNamingItsSetting() {
    IngestLimits.Violation violation = limits.checkSegment(3, "x".repeat(11)).orElseThrow();

    assertThat(violation.field()).isEqualTo("text");
    assertThat(violation.detail())
        .isEqualTo(
            "text has 11 characters, more than the 10 a segment may have"
                + " (limit set by callstream.ingest.limits.segment-text-characters)");
  }

  @Test
  void shouldRejectSequenceAtOrBeyondSegmentsPerCall() {
    IngestLimits.Violation violation = limits.checkSegment(100, "fine").orElseThrow();

    assertThat(violation.field()).isEqualTo("sequence");
    assertThat(violation.detail())
        .contains("sequence 100 is beyond the 100 segments a call may have")
        .contains("callstream.ingest.limits.segments-per-call");
  }

  @Test
  void shouldAnswer422NamingTheSegmentTheLimitAndTheSetting() {
    LimitExceededException exceeded =
        limits.checkSegment(3, "x".repeat(11)).orElseThrow().at("segments[3]");

    assertThat(exceeded.getStatusCode()).isEqualTo(HttpStatus.UNPROCESSABLE_CONTENT);
    assertThat(exceeded.getBody().getDetail()).startsWith("segments[3].text has 11 characters");
    assertThat(exceeded.getBody().getProperties())
        .containsEntry("limit", "segment-text-characters")
        .containsEntry("setting", "callstream.ingest.limits.segment-text-characters")
        .containsEntry("maximum", 10L);
  }

  @Test
  void shouldRejectLimitsThatAdmitNothing() {
    assertThatThrownBy(() -> new IngestLimits(DataSize.ofBytes(0), 10, 10))
        .hasMessageContaining("callstream.ingest.limits.transcript-bytes must be positive");
    assertThatThrownBy(() -> new IngestLimits(DataSize.ofBytes(1), 0, 10))
        .hasMessageContaining("callstream.ingest.limits.segment-text-characters must be positive");
    assertThatThrownBy(() -> new IngestLimits(DataSize.ofBytes(1), 1, 0))
        .hasMessageContaining("callstream.ingest.limits.segments-per-call must be positive");
  }
}
