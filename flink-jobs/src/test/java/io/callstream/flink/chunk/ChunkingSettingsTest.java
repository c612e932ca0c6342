package io.callstream.flink.chunk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The settings refuse combinations the chunker cannot honour, with a message naming the field. */
class ChunkingSettingsTest {

  @Test
  void shouldDefaultToTheBudgetAndTimesTheAnalyzersAreTunedFor() {
    assertThat(ChunkingSettings.defaults())
        .isEqualTo(
            new ChunkingSettings(
                2_000, 120, Duration.ofSeconds(20), Duration.ofSeconds(30), Duration.ofHours(6)));
    assertThat(ChunkingSettings.defaults().withTokens(1_000, 100).turnLimit())
        .as("one speaker's turn may run half a budget past it")
        .isEqualTo(1_500);
  }

  @Test
  void shouldRejectAnOverlapThatIsNotBelowTheBudget() {
    assertThatIllegalArgumentException()
        .isThrownBy(() -> ChunkingSettings.defaults().withTokens(100, 100))
        .withMessageContaining("overlapTokens");
  }

  @Test
  void shouldRejectAnAbandonTimeNotLongerThanTheEndGrace() {
    assertThatIllegalArgumentException()
        .isThrownBy(
            () ->
                new ChunkingSettings(
                    1_500, 120, Duration.ofSeconds(20), Duration.ofHours(1), Duration.ofHours(1)))
        .withMessageContaining("abandonAfter");
  }

  @Test
  void shouldRejectANonPositiveIdleGap() {
    assertThatIllegalArgumentException()
        .isThrownBy(
            () ->
                new ChunkingSettings(
                    1_500, 120, Duration.ZERO, Duration.ofSeconds(30), Duration.ofHours(6)))
        .withMessageContaining("idleGap");
  }
}
