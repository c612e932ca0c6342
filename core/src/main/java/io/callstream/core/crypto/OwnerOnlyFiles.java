package io.callstream.core.crypto;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.EnumSet;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes files that only their owner may read, without a moment in which they are readable by
 * anyone else or half-written.
 *
 * <p>Every file is first written to a temporary file in the same directory that is created with
 * {@code rw-------} in the same system call that creates it (so the umask can only narrow it), is
 * flushed to disk, and is then published under its final name with a hard link (no clobbering) or
 * an atomic rename (replace). Readers see the old content or the new, never a mix.
 *
 * <p>On file systems without POSIX permissions (Windows) the files are written without them and a
 * warning is logged.
 *
 * <p>Stateless and thread-safe.
 */
final class OwnerOnlyFiles {

  private static final Logger log = LoggerFactory.getLogger(OwnerOnlyFiles.class);

  static final Set<PosixFilePermission> FILE_PERMISSIONS =
      EnumSet.of(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE);
  static final Set<PosixFilePermission> DIRECTORY_PERMISSIONS =
      EnumSet.of(
          PosixFilePermission.OWNER_READ,
          PosixFilePermission.OWNER_WRITE,
          PosixFilePermission.OWNER_EXECUTE);
  private static final Set<PosixFilePermission> OWNER_BITS = DIRECTORY_PERMISSIONS;

  private OwnerOnlyFiles() {}

  /** Creates {@code directory} and missing parents, each new one {@code rwx------}. */
  static void createDirectories(Path directory) throws IOException {
    if (Files.isDirectory(directory)) {
      return;
    }
    Path parent = directory.toAbsolutePath().getParent();
    if (parent != null && !Files.isDirectory(parent)) {
      createDirectories(parent);
    }
    if (posix(parent)) {
      try {
        Files.createDirectory(
            directory, PosixFilePermissions.asFileAttribute(DIRECTORY_PERMISSIONS));
      } catch (FileAlreadyExistsException e) {
        // Created concurrently is fine; a file in its place is not.
        if (!Files.isDirectory(directory)) {
          throw new FileSystemException(
              directory.toString(), null, "exists and is not a directory");
        }
      }
    } else {
      Files.createDirectories(directory);
    }
  }

  /**
   * Writes {@code content} as a new owner-only file.
   *
   * @throws FileAlreadyExistsException if {@code target} exists; it is then left untouched
   */
  static void writeNew(Path target, byte[] content) throws IOException {
    Path temp = writeTemp(target, content);
    try {
      try {
        Files.createLink(target, temp);
      } catch (FileAlreadyExistsException e) {
        throw e;
      } catch (UnsupportedOperationException | FileSystemException e) {
        // No hard links here: a plain move still refuses to clobber, only less atomically.
        Files.move(temp, target);
      }
    } finally {
      Files.deleteIfExists(temp);
    }
    syncDirectory(target);
  }

  /** Writes {@code content} as an owner-only file, atomically replacing {@code target}. */
  static void replace(Path target, byte[] content) throws IOException {
    Path temp = writeTemp(target, content);
    try {
      Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } finally {
      Files.deleteIfExists(temp);
    }
    syncDirectory(target);
  }

  /**
   * The permissions of {@code file} beyond its owner's, empty if there are none or the file system
   * has no POSIX permissions.
   */
  static Set<PosixFilePermission> beyondOwner(Path file) throws IOException {
    if (!posix(file)) {
      return Set.of();
    }
    Set<PosixFilePermission> extra = EnumSet.copyOf(Files.getPosixFilePermissions(file));
    extra.removeAll(OWNER_BITS);
    return extra;
  }

  /** Whether the file store holding {@code path} (or its closest existing parent) is POSIX. */
  static boolean posix(Path path) throws IOException {
    Path existing = path.toAbsolutePath();
    while (existing != null && !Files.exists(existing)) {
      existing = existing.getParent();
    }
    if (existing == null) {
      return false;
    }
    return Files.getFileStore(existing).supportsFileAttributeView(PosixFileAttributeView.class);
  }

  private static Path writeTemp(Path target, byte[] content) throws IOException {
    Path directory = target.toAbsolutePath().getParent();
    boolean posix = posix(directory);
    if (!posix) {
      log.warn(
          "{} has no POSIX permissions: cannot restrict {} to its owner; protect the directory",
          directory,
          target.getFileName());
    }
    FileAttribute<?>[] attributes =
        posix
            ? new FileAttribute<?>[] {PosixFilePermissions.asFileAttribute(FILE_PERMISSIONS)}
            : new FileAttribute<?>[0];
    // Starts with a dot and ends in .tmp, so stores skip leftovers of a crash.
    Path temp =
        Files.createTempFile(directory, "." + target.getFileName() + ".", ".tmp", attributes);
    try (FileChannel channel = FileChannel.open(temp, StandardOpenOption.WRITE)) {
      ByteBuffer buffer = ByteBuffer.wrap(content);
      while (buffer.hasRemaining()) {
        channel.write(buffer);
      }
      channel.force(true);
    } catch (IOException | RuntimeException e) {
      Files.deleteIfExists(temp);
      throw e;
    }
    return temp;
  }

  /** Makes the new name durable too; best effort, as not every platform can sync a directory. */
  private static void syncDirectory(Path file) {
    Path directory = file.toAbsolutePath().getParent();
    try (FileChannel channel = FileChannel.open(directory, StandardOpenOption.READ)) {
      channel.force(true);
    } catch (IOException | RuntimeException e) {
      log.debug("cannot sync directory {}", directory, e);
    }
  }
}
