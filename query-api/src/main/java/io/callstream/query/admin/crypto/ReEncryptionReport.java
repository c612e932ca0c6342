package io.callstream.query.admin.crypto;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * What a re-encryption did: per table, how many rows it moved to the primary key and how many it
 * could not read (damaged, or under a key no longer in the keyset), which stay as they were.
 *
 * @param workspaceId the workspace
 * @param primaryKeyId the key everything moved to; null when the workspace has no keys yet
 * @param moved rows moved, by table
 * @param unreadable rows left because they do not decrypt, by table
 * @param total rows moved in all
 */
public record ReEncryptionReport(
    String workspaceId,
    @Nullable Integer primaryKeyId,
    Map<String, Long> moved,
    Map<String, Long> unreadable,
    long total) {

  public ReEncryptionReport {
    moved = Collections.unmodifiableMap(new LinkedHashMap<>(moved));
    unreadable = Collections.unmodifiableMap(new LinkedHashMap<>(unreadable));
  }

  /** The report of a workspace without keys: nothing to move. */
  static ReEncryptionReport nothing(String workspaceId) {
    return new ReEncryptionReport(workspaceId, null, Map.of(), Map.of(), 0);
  }

  static ReEncryptionReport of(String workspaceId, int primaryKeyId, List<TableCount> counts) {
    Map<String, Long> moved = new LinkedHashMap<>();
    Map<String, Long> unreadable = new LinkedHashMap<>();
    long total = 0;
    for (TableCount count : counts) {
      moved.put(count.table(), count.moved());
      unreadable.put(count.table(), count.unreadable());
      total += count.moved();
    }
    return new ReEncryptionReport(workspaceId, primaryKeyId, moved, unreadable, total);
  }

  /** The audit entry's diff: key id and counts, nothing of the data. */
  Map<String, Object> diff() {
    Map<String, Object> diff = new LinkedHashMap<>();
    if (primaryKeyId != null) {
      diff.put("keyId", primaryKeyId);
    }
    diff.put("moved", total);
    diff.put("unreadable", unreadable.values().stream().mapToLong(Long::longValue).sum());
    return diff;
  }

  /** The counts of one table. */
  record TableCount(String table, long moved, long unreadable) {

    TableCount plus(long movedMore, long unreadableMore) {
      return new TableCount(table, moved + movedMore, unreadable + unreadableMore);
    }
  }
}
