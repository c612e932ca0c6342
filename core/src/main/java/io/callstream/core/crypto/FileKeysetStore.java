package io.callstream.core.crypto;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * A {@link KeysetStore} with one owner-only file per workspace, {@code <workspaceId>.keyset}, in
 * one directory: the embedded default.
 *
 * <p>Workspace ids must match {@code [A-Za-z0-9][A-Za-z0-9._-]{0,127}}, so no id can name a path
 * outside the directory, a hidden file or a temporary file. On a case-insensitive file system two
 * ids that differ only in case would share a file; the keyset's associated data (its workspace id)
 * then makes the second workspace fail loudly rather than share keys.
 *
 * <p>Thread-safe. Writes are atomic for any number of processes ({@link #saveIfAbsent} never
 * clobbers, {@link #replace} swaps the whole file), but the compare in {@link #replace} is only
 * atomic within one JVM: processes that share a directory must not rotate the same workspace at the
 * same moment. Deployments with several processes use a database-backed store.
 */
public final class FileKeysetStore implements KeysetStore {

  private static final Pattern WORKSPACE_ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,127}");
  private static final String SUFFIX = ".keyset";
  private static final long MAX_SIZE = 1 << 20;

  /** Per file, JVM-wide: two stores on one directory in one JVM must still compare-and-swap. */
  private static final ConcurrentMap<Path, Object> LOCKS = new ConcurrentHashMap<>();

  private final Path directory;

  private FileKeysetStore(Path directory) {
    this.directory = directory;
  }

  /**
   * A store in {@code directory}, which is created {@code rwx------} if missing.
   *
   * @throws UncheckedIOException if the directory cannot be created
   * @throws IllegalArgumentException if {@code directory} exists but is not a directory
   */
  public static FileKeysetStore of(Path directory) {
    Objects.requireNonNull(directory, "directory must not be null");
    Path absolute = directory.toAbsolutePath().normalize();
    try {
      OwnerOnlyFiles.createDirectories(absolute);
    } catch (IOException e) {
      throw new UncheckedIOException(
          "cannot create keyset directory " + absolute + ": " + e.getMessage(), e);
    }
    if (!Files.isDirectory(absolute)) {
      throw new IllegalArgumentException("keyset directory " + absolute + " is not a directory");
    }
    return new FileKeysetStore(absolute);
  }

  /** The directory that holds the keyset files. */
  public Path directory() {
    return directory;
  }

  /**
   * The workspaces with a keyset in this store, sorted: for commands that act on every workspace
   * (key rotation). Temporary files of an interrupted write are not listed.
   *
   * @throws UncheckedIOException if the directory cannot be read
   */
  public List<String> workspaceIds() {
    try (Stream<Path> files = Files.list(directory)) {
      return files
          .map(file -> file.getFileName().toString())
          .filter(name -> name.endsWith(SUFFIX))
          .map(name -> name.substring(0, name.length() - SUFFIX.length()))
          .filter(id -> WORKSPACE_ID.matcher(id).matches())
          .sorted()
          .toList();
    } catch (IOException e) {
      throw new UncheckedIOException(
          "cannot list keyset directory " + directory + ": " + e.getMessage(), e);
    }
  }

  @Override
  public Optional<byte[]> load(String workspaceId) {
    Path file = fileOf(workspaceId);
    try {
      if (Files.size(file) > MAX_SIZE) {
        throw new UncheckedIOException(
            new IOException("keyset file " + file + " is too large to be a keyset"));
      }
      return Optional.of(Files.readAllBytes(file));
    } catch (NoSuchFileException e) {
      return Optional.empty();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read keyset file " + file + ": " + e.getMessage(), e);
    }
  }

  @Override
  public boolean saveIfAbsent(String workspaceId, byte[] keyset) {
    Objects.requireNonNull(keyset, "keyset must not be null");
    Path file = fileOf(workspaceId);
    try {
      OwnerOnlyFiles.writeNew(file, keyset);
      return true;
    } catch (FileAlreadyExistsException e) {
      return false;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write keyset file " + file + ": " + e.getMessage(), e);
    }
  }

  @Override
  public boolean replace(String workspaceId, byte[] expected, byte[] replacement) {
    Objects.requireNonNull(expected, "expected must not be null");
    Objects.requireNonNull(replacement, "replacement must not be null");
    Path file = fileOf(workspaceId);
    synchronized (lockOf(file)) {
      Optional<byte[]> current = load(workspaceId);
      if (current.isEmpty() || !Arrays.equals(current.get(), expected)) {
        return false;
      }
      try {
        OwnerOnlyFiles.replace(file, replacement);
        return true;
      } catch (IOException e) {
        throw new UncheckedIOException(
            "cannot write keyset file " + file + ": " + e.getMessage(), e);
      }
    }
  }

  @Override
  public boolean delete(String workspaceId) {
    Path file = fileOf(workspaceId);
    synchronized (lockOf(file)) {
      try {
        overwrite(file);
        return Files.deleteIfExists(file);
      } catch (NoSuchFileException e) {
        return false;
      } catch (IOException e) {
        throw new UncheckedIOException(
            "cannot delete keyset file " + file + ": " + e.getMessage(), e);
      }
    }
  }

  @Override
  public String toString() {
    return "FileKeysetStore[" + directory + "]";
  }

  /**
   * Zeroes the file before unlinking it, so its blocks do not keep the wrapped keyset. Best effort:
   * copy-on-write file systems, SSD remapping and backups may still hold it, which matters only
   * together with the master key.
   */
  private static void overwrite(Path file) throws IOException {
    try (FileChannel channel = FileChannel.open(file, StandardOpenOption.WRITE)) {
      ByteBuffer zeros = ByteBuffer.allocate((int) Math.min(channel.size(), MAX_SIZE));
      while (zeros.hasRemaining()) {
        channel.write(zeros);
      }
      channel.force(true);
    }
  }

  private Path fileOf(String workspaceId) {
    Objects.requireNonNull(workspaceId, "workspaceId must not be null");
    if (!WORKSPACE_ID.matcher(workspaceId).matches()) {
      throw new IllegalArgumentException(
          "workspaceId must match " + WORKSPACE_ID.pattern() + " to name a keyset file");
    }
    Path file = directory.resolve(workspaceId + SUFFIX);
    // The pattern already forbids separators; this keeps it true if the pattern ever widens.
    if (!directory.equals(file.getParent())) {
      throw new IllegalArgumentException("workspaceId must not name a path outside " + directory);
    }
    return file;
  }

  private static Object lockOf(Path file) {
    return LOCKS.computeIfAbsent(file, f -> new Object());
  }
}
