package io.callstream.ingest.audio;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ContentRangeTest {

  @Test
  void shouldReadRangeOfAudioWithKnownLength() {
    assertThat(ContentRange.parse("bytes 524288-1048575/5000000"))
        .isEqualTo(new ContentRange(524_288L, 1_048_575L, 5_000_000L));
  }

  @Test
  void shouldReadRangeOfAudioWhoseLengthIsNotKnownYet() {
    ContentRange range = ContentRange.parse("bytes 0-99/*");

    assertThat(range).isEqualTo(new ContentRange(0L, 99L, null));
    assertThat(range.isStatusQuery()).isFalse();
  }

  @Test
  void shouldReadStatusQueries() {
    assertThat(ContentRange.parse("bytes */5000000"))
        .isEqualTo(new ContentRange(null, null, 5_000_000L))
        .matches(ContentRange::isStatusQuery);
    assertThat(ContentRange.parse("bytes */*").isStatusQuery()).isTrue();
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "",
        "bytes",
        "bytes 0-9",
        "bytes=0-9/10",
        "items 0-9/10",
        "bytes 0-/10",
        "bytes -1-9/10",
        "bytes 0-9/-10",
        "bytes 0-9/10/11",
        "bytes 0x0-9/10",
        "bytes 0-9999999999999999999/*"
      })
  void shouldRejectHeaderThatIsNoneOfTheFormsNamingThem(String value) {
    assertThatIllegalArgumentException()
        .isThrownBy(() -> ContentRange.parse(value))
        .withMessageContaining("'bytes FIRST-LAST/TOTAL'");
  }

  @Test
  void shouldRejectRangeThatEndsBeforeItStarts() {
    assertThatIllegalArgumentException()
        .isThrownBy(() -> ContentRange.parse("bytes 10-9/100"))
        .withMessageContaining("must not end before it starts");
  }

  @Test
  void shouldRejectRangeThatRunsPastTheLength() {
    assertThatIllegalArgumentException()
        .isThrownBy(() -> ContentRange.parse("bytes 0-100/100"))
        .withMessageContaining("does not fit in an audio of 100 bytes");
  }

  @Test
  void shouldRejectEmptyAudio() {
    assertThatIllegalArgumentException()
        .isThrownBy(() -> ContentRange.parse("bytes */0"))
        .withMessageContaining("must be positive");
  }

  @Test
  void shouldRejectContentLengthThatDisagreesWithTheRange() {
    ContentRange range = ContentRange.parse("bytes 0-99/1000");

    assertThatIllegalArgumentException()
        .isThrownBy(() -> UploadPart.of(range, 99))
        .withMessage("Content-Length is 99 but Content-Range 'bytes 0-99/...' announces 100 bytes");
  }

  @Test
  void shouldTakePutWithoutRangeAsTheWholeAudio() {
    assertThat(UploadPart.whole(5_000)).isEqualTo(new UploadPart(0, 5_000L, 5_000L, true));
    assertThat(UploadPart.whole(-1)).isEqualTo(new UploadPart(0, null, null, true));
  }

  @Test
  void shouldRejectWholeAudioThatIsDeclaredEmpty() {
    assertThatIllegalArgumentException()
        .isThrownBy(() -> UploadPart.whole(0))
        .withMessageContaining("the audio is empty");
  }
}
