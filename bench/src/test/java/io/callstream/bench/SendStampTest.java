package io.callstream.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class SendStampTest {

  @Test
  void shouldFindTheStampItAppendedInsideAJsonDataLine() {
    String text =
        new SendStamp(41, 1_723_456_789_012_345L)
            .appendTo("The Industrial Designer will prepare an initial functional design.");
    byte[] line =
        ("data:{\"callId\":\"c1\",\"text\":\"" + text + "\",\"type\":\"ACTION_ITEM\"}")
            .getBytes(StandardCharsets.UTF_8);

    assertThat(SendStamp.find(line, line.length))
        .isEqualTo(new SendStamp(41, 1_723_456_789_012_345L));
  }

  @Test
  void shouldFindNoStampInTextWithoutOne() {
    byte[] line =
        "data:{\"text\":\"we [seq to be decided] later\"}".getBytes(StandardCharsets.UTF_8);

    assertThat(SendStamp.find(line, line.length)).isNull();
  }

  @Test
  void shouldFindNoStampCutShortByTheLength() {
    byte[] line = new SendStamp(7, 123_456).appendTo("text").getBytes(StandardCharsets.UTF_8);

    assertThat(SendStamp.find(line, line.length - 1)).isNull();
    assertThat(SendStamp.find(line, line.length)).isEqualTo(new SendStamp(7, 123_456));
  }

  @Test
  void shouldTakeTheWallClockInMicroseconds() {
    long before = System.currentTimeMillis();
    long micros = SendStamp.nowMicros();
    long after = System.currentTimeMillis();

    assertThat(micros / 1_000).isBetween(before, after);
  }
}
