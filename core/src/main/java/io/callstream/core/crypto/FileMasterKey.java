package io.callstream.core.crypto;

import com.google.crypto.tink.Aead;
import com.google.crypto.tink.InsecureSecretKeyAccess;
import com.google.crypto.tink.KeysetHandle;
import com.google.crypto.tink.TinkJsonProtoKeysetFormat;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The embedded master key: a cleartext Tink JSON keyset in a file only its owner may read.
 *
 * <p>Stateless and thread-safe; two processes that start together on a missing file end up with the
 * same key, because the file is published without clobbering and the loser loads the winner's.
 */
final class FileMasterKey {

  private static final Logger log = LoggerFactory.getLogger(FileMasterKey.class);

  /** A keyset of a few keys is a few hundred bytes; anything far larger is the wrong file. */
  private static final long MAX_SIZE = 1 << 20;

  private FileMasterKey() {}

  static Aead loadOrCreate(Path file) {
    if (!Files.exists(file, LinkOption.NOFOLLOW_LINKS)) {
      try {
        create(file);
      } catch (FileAlreadyExistsException e) {
        // Another process created it first; use theirs.
      } catch (IOException | GeneralSecurityException e) {
        throw new MasterKeyException(
            "cannot create master key file "
                + file
                + ": "
                + e.getMessage()
                + "; make its directory writable or point "
                + MasterKey.ENVIRONMENT_VARIABLE
                + " at another file",
            e);
      }
    }
    return load(file);
  }

  private static void create(Path file) throws IOException, GeneralSecurityException {
    Path directory = file.getParent();
    if (directory != null) {
      OwnerOnlyFiles.createDirectories(directory);
    }
    KeysetHandle keyset = TinkAead.newKeyset();
    String json =
        TinkJsonProtoKeysetFormat.serializeKeyset(
            keyset, TinkAead.CONFIGURATION, InsecureSecretKeyAccess.get());
    OwnerOnlyFiles.writeNew(file, json.getBytes(StandardCharsets.UTF_8));
    log.warn(
        "created master key file {}: back it up apart from the data; without it no workspace"
            + " data can be decrypted",
        file);
  }

  private static Aead load(Path file) {
    if (Files.isDirectory(file)) {
      throw unusable(
          file,
          "is a directory, not a keyset file: remove it (the file is created on first start) or");
    }
    if (!Files.isRegularFile(file)) {
      throw unusable(file, "is not a regular file: replace it with the keyset file or");
    }
    Set<PosixFilePermission> extra;
    byte[] content;
    try {
      extra = OwnerOnlyFiles.beyondOwner(file);
      if (!extra.isEmpty()) {
        throw new MasterKeyException(
            "master key file "
                + file
                + " is accessible to group or others ("
                + PosixFilePermissions.toString(Files.getPosixFilePermissions(file))
                + "): run chmod 600 "
                + file);
      }
      if (Files.size(file) > MAX_SIZE) {
        throw unusable(file, "is too large to be a Tink keyset: restore it from a backup or");
      }
      content = Files.readAllBytes(file);
    } catch (IOException e) {
      throw new MasterKeyException(
          "master key file "
              + file
              + " is not readable: fix its permissions (chmod 600) or point "
              + MasterKey.ENVIRONMENT_VARIABLE
              + " at another file",
          e);
    }
    try {
      KeysetHandle keyset =
          TinkJsonProtoKeysetFormat.parseKeyset(
              new String(content, StandardCharsets.UTF_8),
              TinkAead.CONFIGURATION,
              InsecureSecretKeyAccess.get());
      return TinkAead.aead(keyset);
    } catch (GeneralSecurityException | RuntimeException e) {
      // No cause attached: parser messages may quote parts of the file, which holds the key.
      throw unusable(
          file,
          "is not a Tink AEAD keyset (corrupt or the wrong file): restore it from a backup"
              + " (a new key cannot decrypt existing data) or");
    }
  }

  /**
   * {@code problemAndFix} ends in "or", and the message ends with the way out that always works.
   */
  private static MasterKeyException unusable(Path file, String problemAndFix) {
    return new MasterKeyException(
        "master key file "
            + file
            + " "
            + problemAndFix
            + " point "
            + MasterKey.ENVIRONMENT_VARIABLE
            + " at another file");
  }
}
