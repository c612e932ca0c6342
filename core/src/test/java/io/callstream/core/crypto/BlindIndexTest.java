package io.callstream.core.crypto;

import static io.callstream.core.crypto.CryptoFixtures.OTHER_WORKSPACE;
import static io.callstream.core.crypto.CryptoFixtures.WORKSPACE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BlindIndexTest {

  private static final String TEXT = "Bob: we will sign if the price drops 10%";

  @TempDir Path root;

  private CryptoFixtures fixtures;
  private Path searchDirectory;
  private BlindIndex index;

  @BeforeEach
  void setUp() {
    fixtures = CryptoFixtures.in(root);
    searchDirectory = root.resolve("search-keysets");
    index = newIndex();
  }

  /** A new index on the same files, as after a restart. */
  private BlindIndex newIndex() {
    return BlindIndex.of(searchKeyring());
  }

  private SearchKeyring searchKeyring() {
    return SearchKeyring.of(fixtures.masterKey(), FileKeysetStore.of(searchDirectory));
  }

  @Test
  void shouldGiveTheSameValueForTheSameTokenInTheSameWorkspace() {
    List<Long> indexed = index.index(WORKSPACE, TEXT);

    assertThat(index.lookup(WORKSPACE, "PRICE")).contains(index.index(WORKSPACE, "price"));
    assertThat(newIndex().index(WORKSPACE, TEXT)).isEqualTo(indexed);
    assertThat(newIndex().lookup(WORKSPACE, "price sign").orElseThrow()).isSubsetOf(indexed);
  }

  @Test
  void shouldGiveDifferentValuesInDifferentWorkspaces() {
    List<Long> ours = index.index(WORKSPACE, TEXT);
    List<Long> theirs = index.index(OTHER_WORKSPACE, TEXT);

    assertThat(theirs).hasSameSizeAs(ours).doesNotContainAnyElementsOf(ours);
  }

  @Test
  void shouldGiveOneSortedValuePerDistinctToken() {
    List<Long> indexed = index.index(WORKSPACE, "the plan, the budget, THE PLAN");

    assertThat(indexed).hasSize(3).isSorted().doesNotHaveDuplicates();
    assertThat(index.index(WORKSPACE, "budget plan the")).isEqualTo(indexed);
  }

  @Test
  void shouldLookUpNothingWithoutTokensOrWithoutAKey() {
    index.index(WORKSPACE, TEXT);

    assertThat(index.lookup(WORKSPACE, "a ! ?")).isEmpty();
    assertThat(index.lookup(OTHER_WORKSPACE, "price")).isEmpty();
    assertThat(searchKeyring().exists(OTHER_WORKSPACE)).isFalse();
  }

  @Test
  void shouldKeepTheSearchKeysetApartFromTheEncryptionKeyset() {
    index.index(WORKSPACE, TEXT);

    assertThat(searchDirectory.resolve(WORKSPACE + ".keyset")).isRegularFile();
    assertThat(fixtures.keysetDirectory.resolve(WORKSPACE + ".keyset")).doesNotExist();
    assertThat(fixtures.keyring().exists(WORKSPACE)).isFalse();
  }

  @Test
  void shouldNotLoadASearchKeysetMovedToAnotherWorkspace() throws Exception {
    index.index(WORKSPACE, TEXT);
    Files.copy(
        searchDirectory.resolve(WORKSPACE + ".keyset"),
        searchDirectory.resolve(OTHER_WORKSPACE + ".keyset"));

    assertThatThrownBy(() -> newIndex().index(OTHER_WORKSPACE, TEXT))
        .isInstanceOf(KeyringException.class)
        .hasMessageContaining("search keyset of workspace " + OTHER_WORKSPACE);
    assertThatThrownBy(() -> newIndex().lookup(OTHER_WORKSPACE, "price"))
        .isInstanceOf(KeyringException.class);
  }

  @Test
  void shouldNotLoadAnEncryptionKeysetAsASearchKeyset() throws Exception {
    fixtures.cipher().encryptText(WORKSPACE, "call-1", Field.TRANSCRIPT_TEXT, TEXT);
    Files.createDirectories(searchDirectory);
    Files.copy(
        fixtures.keysetDirectory.resolve(WORKSPACE + ".keyset"),
        searchDirectory.resolve(WORKSPACE + ".keyset"));

    assertThatThrownBy(() -> newIndex().lookup(WORKSPACE, "price"))
        .isInstanceOf(KeyringException.class)
        .hasMessageContaining("cannot be unwrapped");
  }

  @Test
  void shouldMatchNothingOldAfterTheSearchKeysetIsDestroyed() {
    List<Long> before = index.index(WORKSPACE, TEXT);
    SearchKeyring keyring = searchKeyring();

    assertThat(keyring.destroy(WORKSPACE)).isTrue();

    assertThat(searchDirectory.resolve(WORKSPACE + ".keyset")).doesNotExist();
    assertThat(BlindIndex.of(keyring).lookup(WORKSPACE, "price")).isEmpty();
    assertThat(BlindIndex.of(keyring).index(WORKSPACE, TEXT)).doesNotContainAnyElementsOf(before);
  }
}
