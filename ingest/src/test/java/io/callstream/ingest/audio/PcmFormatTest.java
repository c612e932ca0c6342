package io.callstream.ingest.audio;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import org.junit.jupiter.api.Test;

class PcmFormatTest {

  @Test
  void shouldNameItselfExactlyAsTheDecoderReadsIt() {
    assertThat(PcmFormat.of(16_000, 1).contentType()).isEqualTo("audio/pcm;rate=16000;channels=1");
    assertThat(PcmFormat.of(44_100, 2).contentType()).isEqualTo("audio/pcm;rate=44100;channels=2");
  }

  @Test
  void shouldReadItsOwnMediaTypeAndTheDefaultsOfABareOne() {
    assertThat(PcmFormat.parse("audio/pcm;rate=8000;channels=2")).contains(PcmFormat.of(8_000, 2));
    assertThat(PcmFormat.parse("audio/pcm; channels=2; rate=48000"))
        .contains(PcmFormat.of(48_000, 2));
    assertThat(PcmFormat.parse("audio/pcm")).contains(PcmFormat.of(16_000, 1));
  }

  @Test
  void shouldNotTakeOtherTypesOrParametersOutOfRangeForPcm() {
    assertThat(PcmFormat.parse("audio/ogg; codecs=opus")).isEmpty();
    assertThat(PcmFormat.parse("audio/L16;rate=16000")).isEmpty();
    assertThat(PcmFormat.parse("audio/pcm;rate=96000")).isEmpty();
    assertThat(PcmFormat.parse("audio/pcm;rate=fast")).isEmpty();
    assertThat(PcmFormat.parse("not a type")).isEmpty();
  }

  @Test
  void shouldRefuseRatesAndChannelsOutOfRangeWithAMessage() {
    assertThatIllegalArgumentException()
        .isThrownBy(() -> PcmFormat.of(7_999, 1))
        .withMessage("rate must be from 8000 to 48000 samples per second, was 7999");
    assertThatIllegalArgumentException()
        .isThrownBy(() -> PcmFormat.of(16_000, 3))
        .withMessage("channels must be 1 or 2, was 3");
  }

  @Test
  void shouldCutPcmIntoSecondsAndEverythingElseInto512KiB() {
    assertThat(ChunkGrid.of("audio/pcm;rate=48000;channels=2").chunkBytes()).isEqualTo(192_000);
    assertThat(ChunkGrid.of("audio/pcm;rate=8000;channels=1").chunkBytes()).isEqualTo(16_000);
    assertThat(ChunkGrid.of("audio/mpeg")).isEqualTo(ChunkGrid.ENCODED);
    assertThat(ChunkGrid.ENCODED.chunkBytes()).isEqualTo(512 * 1024);
  }
}
