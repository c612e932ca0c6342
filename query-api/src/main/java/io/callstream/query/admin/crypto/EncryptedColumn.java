package io.callstream.query.admin.crypto;

import io.callstream.core.crypto.Field;
import java.util.List;

/**
 * A {@code bytea} column that holds one {@link io.callstream.core.crypto.FieldCipher} ciphertext
 * per row, bound to the row's workspace, call and {@link Field}: what re-encryption moves to a new
 * key. The other {@code bytea} columns hold no such ciphertext: hashes ({@code
 * api_keys.secret_hash}, {@code invitations.token_hash}, {@code idempotency_keys.fingerprint}, the
 * audit chain), answers of ingest without call content ({@code idempotency_keys.response_body}),
 * the integration secrets under their own keyring ({@code workspace_integrations.secret}) and
 * {@code live_events.event}, whose ciphertext sits inside JSON (see {@link EventCiphertexts}).
 *
 * <p>Names here are constants spliced into SQL, never input.
 *
 * @param table the table
 * @param column the ciphertext column
 * @param field what the ciphertext was encrypted as
 * @param keys the row's key after {@code workspace_id}, starting with {@code call_id}: the order
 *     the job pages in
 */
record EncryptedColumn(String table, String column, Field field, List<Key> keys) {

  /** Every such column of the schema. */
  static final List<EncryptedColumn> ALL =
      List.of(
          new EncryptedColumn(
              "call_transcript_segments",
              "text",
              Field.TRANSCRIPT_TEXT,
              List.of(Key.CALL_ID, new Key("sequence", Long.class))),
          new EncryptedColumn("call_mindmaps", "mindmap", Field.MINDMAP, List.of(Key.CALL_ID)),
          new EncryptedColumn(
              "call_insights",
              "body",
              Field.INSIGHT,
              List.of(Key.CALL_ID, new Key("insight_id", String.class))),
          new EncryptedColumn("call_summaries", "summary", Field.SUMMARY, List.of(Key.CALL_ID)));

  EncryptedColumn {
    keys = List.copyOf(keys);
    if (keys.isEmpty() || !keys.get(0).equals(Key.CALL_ID)) {
      throw new IllegalArgumentException("keys must start with call_id");
    }
  }

  /** A key column and the Java type its values read and bind as. */
  record Key(String name, Class<?> type) {

    static final Key CALL_ID = new Key("call_id", String.class);
  }
}
