package io.callstream.standalone;

import io.callstream.core.crypto.FileKeysetStore;
import io.callstream.core.crypto.KeyringException;
import io.callstream.core.crypto.MasterKey;
import io.callstream.core.crypto.MasterKeyException;
import io.callstream.core.crypto.WorkspaceKeyring;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Objects;

/**
 * {@code callstream rotate-keys [--workspace <id>]}: adds a new primary key to the keyset of one
 * workspace, or of every workspace that has one, in the data directory's keyset store, and prints
 * each new key id. It needs no running process: a running standalone decrypts data under the new
 * keys at once and encrypts under them within {@link WorkspaceKeyring#DEFAULT_MAX_AGE}. Old keys
 * stay, so old data (in PostgreSQL until re-encrypted with {@code POST
 * /v1/workspaces/{id}/keys/re-encrypt}, on Kafka for good) still decrypts. Not audited: it runs
 * without the database; {@code POST /v1/workspaces/{id}/keys/rotate} rotates with an audit entry.
 */
final class RotateKeysCommand {

  static final String NAME = "rotate-keys";

  private static final String USAGE = "usage: callstream rotate-keys [--workspace <workspaceId>]";

  private RotateKeysCommand() {}

  /**
   * Runs the command with {@code arguments} (after its name) against {@code config}'s keys.
   *
   * @return the process exit code: 0 done, 1 a keyset could not be rotated, 2 bad usage or setup
   */
  static int run(
      List<String> arguments, StandaloneConfig config, PrintStream out, PrintStream err) {
    Objects.requireNonNull(arguments, "arguments must not be null");
    String workspace = null;
    if (arguments.size() == 2 && arguments.get(0).equals("--workspace")) {
      workspace = arguments.get(1);
    } else if (!arguments.isEmpty()) {
      err.println("callstream: " + USAGE);
      return 2;
    }
    FileKeysetStore store;
    WorkspaceKeyring keyring;
    try {
      store = FileKeysetStore.of(config.keysetDirectory());
      keyring = WorkspaceKeyring.of(MasterKey.fromUri(config.masterKey()), store);
    } catch (MasterKeyException | UncheckedIOException | IllegalArgumentException e) {
      err.println("callstream: " + e.getMessage());
      return 2;
    }
    List<String> workspaces = workspace == null ? store.workspaceIds() : List.of(workspace);
    if (workspaces.isEmpty()) {
      out.println("callstream: no workspace has keys yet in " + store.directory());
      return 0;
    }
    int failed = 0;
    for (String id : workspaces) {
      try {
        out.println("rotated " + id + ": new primary key " + keyring.rotate(id));
      } catch (IllegalStateException | IllegalArgumentException | KeyringException e) {
        err.println("callstream: cannot rotate the keys of " + id + ": " + e.getMessage());
        failed++;
      }
    }
    return failed == 0 ? 0 : 1;
  }
}
