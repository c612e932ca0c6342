package io.callstream.core.crypto;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class AssociatedDataTest {

  @Test
  void shouldEncodePartBoundariesUnambiguously() {
    assertThat(AssociatedData.encode("ab", "c")).isNotEqualTo(AssociatedData.encode("a", "bc"));
    assertThat(AssociatedData.encode("a", "")).isNotEqualTo(AssociatedData.encode("a"));
    assertThat(AssociatedData.encode("", "a")).isNotEqualTo(AssociatedData.encode("a", ""));
  }

  @Test
  void shouldStartWithVersionAndLengthPrefixEachPart() {
    assertThat(AssociatedData.encode("ab", "é"))
        .containsExactly(1, 0, 0, 0, 2, 'a', 'b', 0, 0, 0, 2, 0xC3 - 256, 0xA9 - 256);
  }

  @Test
  void shouldBindFieldDataToWorkspaceCallAndField() {
    byte[] data = AssociatedData.forField("ws", "call", Field.SUMMARY);

    assertThat(data).isNotEqualTo(AssociatedData.forField("ws2", "call", Field.SUMMARY));
    assertThat(data).isNotEqualTo(AssociatedData.forField("ws", "call2", Field.SUMMARY));
    assertThat(data).isNotEqualTo(AssociatedData.forField("ws", "call", Field.INSIGHT));
  }

  @Test
  void shouldSeparateKeysetDataFromFieldData() {
    assertThat(AssociatedData.forKeyset("ws"))
        .isNotEqualTo(AssociatedData.encode("callstream.field", "ws"))
        .isEqualTo(AssociatedData.encode("callstream.keyset", "ws"));
  }

  @Test
  void shouldSeparateSearchKeysetDataFromKeysetData() {
    assertThat(AssociatedData.forSearchKeyset("ws"))
        .isNotEqualTo(AssociatedData.forKeyset("ws"))
        .isNotEqualTo(AssociatedData.forSearchKeyset("ws2"))
        .isEqualTo(AssociatedData.encode("callstream.search-keyset", "ws"));
  }

  @Test
  void shouldGiveEveryFieldItsOwnLabel() {
    assertThat(java.util.Arrays.stream(Field.values()).map(Field::label).distinct())
        .hasSize(Field.values().length);
  }
}
