package io.callstream.ingest.audio;

import io.callstream.api.tenancy.WorkspaceScope;
import io.r2dbc.spi.Readable;
import java.util.Objects;
import org.jspecify.annotations.Nullable;
import org.springframework.r2dbc.core.DatabaseClient;
import reactor.core.publisher.Mono;

/**
 * Audio uploads in PostgreSQL ({@code audio_uploads}), always within one workspace's {@link
 * WorkspaceScope}: the stored offset of each call's audio and the lease of the PUT that is writing
 * it. Thread-safe.
 *
 * <p>A lease lasts {@value #LEASE_SECONDS} seconds from its claim or its last commit. A PUT that
 * ends releases its lease; one whose process died leaves it to run out.
 */
public final class AudioUploadRepository {

  /** How long a writer holds an upload without storing a chunk. */
  static final int LEASE_SECONDS = 120;

  private static final String LEASE_END = "now() + interval '" + LEASE_SECONDS + " seconds'";
  private static final String STATE = "content_type, committed_bytes, total_bytes";

  private final DatabaseClient db;
  private final WorkspaceScope scope;

  public AudioUploadRepository(DatabaseClient db, WorkspaceScope scope) {
    this.db = Objects.requireNonNull(db, "db must not be null");
    this.scope = Objects.requireNonNull(scope, "scope must not be null");
  }

  /** The upload of {@code callId}'s audio; empty if no PUT has claimed it yet. */
  public Mono<UploadState> find(String workspaceId, String callId) {
    return scope.mono(
        workspaceId,
        db.sql(
                "select "
                    + STATE
                    + " from audio_uploads where workspace_id = :workspaceId and call_id = :callId")
            .bind("workspaceId", workspaceId)
            .bind("callId", callId)
            .map(AudioUploadRepository::state)
            .one());
  }

  /**
   * Makes {@code writer} the one PUT writing {@code callId}'s audio, creating the upload on first
   * use. {@code contentType} becomes the audio's type while no byte is stored; afterwards the
   * stored type stays.
   *
   * @return the upload as it stands; empty if another writer holds a lease that has not run out
   */
  public Mono<UploadState> claim(
      String workspaceId, String callId, String writer, String contentType) {
    return db.sql(
            "insert into audio_uploads"
                + " (workspace_id, call_id, content_type, writer, writer_expires_at)"
                + " values (:workspaceId, :callId, :contentType, :writer, "
                + LEASE_END
                + ") on conflict (workspace_id, call_id) do update set"
                + " writer = excluded.writer,"
                + " writer_expires_at = excluded.writer_expires_at,"
                + " content_type = case when audio_uploads.committed_bytes = 0"
                + " then excluded.content_type else audio_uploads.content_type end,"
                + " updated_at = now()"
                + " where audio_uploads.writer is null or audio_uploads.writer_expires_at < now()"
                + " returning "
                + STATE)
        .bind("workspaceId", workspaceId)
        .bind("callId", callId)
        .bind("contentType", contentType)
        .bind("writer", writer)
        .map(AudioUploadRepository::state)
        .one()
        .as(claim -> scope.mono(workspaceId, claim));
  }

  /**
   * Moves the stored offset from {@code from} to {@code to} after Kafka acknowledged the chunk
   * between them, and renews {@code writer}'s lease.
   *
   * @param total the audio's length if known; it replaces a stored one, which differs only when
   *     {@code POST .../end} ends an audio before the length a PUT declared
   * @return the upload as it stands now; empty if {@code writer} no longer holds the lease or the
   *     stored offset is not {@code from}
   */
  public Mono<UploadState> commit(
      String workspaceId, String callId, String writer, long from, long to, @Nullable Long total) {
    DatabaseClient.GenericExecuteSpec update =
        db.sql(
                "update audio_uploads set committed_bytes = :to,"
                    + " total_bytes = coalesce(:total, total_bytes),"
                    + " writer_expires_at = "
                    + LEASE_END
                    + ", updated_at = now()"
                    + " where workspace_id = :workspaceId and call_id = :callId"
                    + " and writer = :writer and committed_bytes = :from"
                    + " returning "
                    + STATE)
            .bind("workspaceId", workspaceId)
            .bind("callId", callId)
            .bind("writer", writer)
            .bind("from", from)
            .bind("to", to);
    update = total == null ? update.bindNull("total", Long.class) : update.bind("total", total);
    return scope.mono(workspaceId, update.map(AudioUploadRepository::state).one());
  }

  /** Ends {@code writer}'s lease, if it still holds one. */
  public Mono<Void> release(String workspaceId, String callId, String writer) {
    return scope.mono(
        workspaceId,
        db.sql(
                "update audio_uploads set writer = null, writer_expires_at = null,"
                    + " updated_at = now()"
                    + " where workspace_id = :workspaceId and call_id = :callId"
                    + " and writer = :writer")
            .bind("workspaceId", workspaceId)
            .bind("callId", callId)
            .bind("writer", writer)
            .then());
  }

  private static UploadState state(Readable row) {
    Long committed = row.get("committed_bytes", Long.class);
    return new UploadState(
        row.get("content_type", String.class),
        committed == null ? 0 : committed,
        row.get("total_bytes", Long.class));
  }
}
