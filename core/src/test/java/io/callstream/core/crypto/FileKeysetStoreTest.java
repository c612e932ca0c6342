package io.callstream.core.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class FileKeysetStoreTest {

  private static final byte[] KEYSET = {1, 2, 3};
  private static final byte[] ROTATED = {4, 5, 6, 7};

  @TempDir Path root;

  @Test
  void shouldCreateOwnerOnlyDirectoryAndFiles() throws Exception {
    FileKeysetStore store = FileKeysetStore.of(root.resolve("a").resolve("keysets"));

    store.saveIfAbsent("ws-1", KEYSET);
    store.replace("ws-1", KEYSET, ROTATED);
    store.saveIfAbsent("ws-2", KEYSET);

    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(store.directory())))
        .isEqualTo("rwx------");
    assertThat(Files.getPosixFilePermissions(root.resolve("a")))
        .isEqualTo(OwnerOnlyFiles.DIRECTORY_PERMISSIONS);
    for (String workspace : new String[] {"ws-1", "ws-2"}) {
      Path file = store.directory().resolve(workspace + ".keyset");
      assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file)))
          .isEqualTo("rw-------");
    }
  }

  @Test
  void shouldLeaveNoTemporaryFiles() throws Exception {
    FileKeysetStore store = FileKeysetStore.of(root);

    store.saveIfAbsent("ws-1", KEYSET);
    store.saveIfAbsent("ws-1", ROTATED);
    store.replace("ws-1", KEYSET, ROTATED);
    store.delete("ws-1");
    store.saveIfAbsent("ws-2", KEYSET);

    try (Stream<Path> files = Files.list(root)) {
      assertThat(files.map(p -> p.getFileName().toString())).containsExactly("ws-2.keyset");
    }
  }

  @Test
  void shouldSaveOnlyIfAbsent() {
    FileKeysetStore store = FileKeysetStore.of(root);

    assertThat(store.load("ws-1")).isEmpty();
    assertThat(store.saveIfAbsent("ws-1", KEYSET)).isTrue();
    assertThat(store.saveIfAbsent("ws-1", ROTATED)).isFalse();
    assertThat(store.load("ws-1")).hasValue(KEYSET);
  }

  @Test
  void shouldReplaceOnlyWhatWasExpected() {
    FileKeysetStore store = FileKeysetStore.of(root);
    store.saveIfAbsent("ws-1", KEYSET);

    assertThat(store.replace("ws-1", ROTATED, KEYSET)).isFalse();
    assertThat(store.replace("ws-2", KEYSET, ROTATED)).isFalse();
    assertThat(store.replace("ws-1", KEYSET, ROTATED)).isTrue();
    assertThat(store.load("ws-1")).hasValue(ROTATED);
    assertThat(store.load("ws-2")).isEmpty();
  }

  @Test
  void shouldDelete() {
    FileKeysetStore store = FileKeysetStore.of(root);
    store.saveIfAbsent("ws-1", KEYSET);

    assertThat(store.delete("ws-1")).isTrue();
    assertThat(store.delete("ws-1")).isFalse();
    assertThat(store.load("ws-1")).isEmpty();
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "..", ".", "../escape", "a/b", "a\\b", ".hidden", "ws\u0000", "ws 1"})
  void shouldRejectWorkspaceIdsThatCouldEscapeTheDirectory(String workspaceId) {
    FileKeysetStore store = FileKeysetStore.of(root.resolve("keysets"));

    assertThatThrownBy(() -> store.saveIfAbsent(workspaceId, KEYSET))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("workspaceId must match");
    assertThatThrownBy(() -> store.load(workspaceId)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> store.delete(workspaceId))
        .isInstanceOf(IllegalArgumentException.class);
    assertThat(root.resolve("escape.keyset")).doesNotExist();
  }

  @Test
  void shouldRejectFileInPlaceOfDirectory() throws Exception {
    Path file = Files.writeString(root.resolve("keysets"), "not a directory");

    assertThatThrownBy(() -> FileKeysetStore.of(file))
        .isInstanceOf(UncheckedIOException.class)
        .hasMessage(
            "cannot create keyset directory "
                + file
                + ": "
                + file
                + ": exists and is not a directory");
  }
}
