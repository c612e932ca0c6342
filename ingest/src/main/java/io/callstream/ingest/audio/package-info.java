/**
 * Resumable audio uploads: {@code PUT /v1/workspaces/{workspaceId}/calls/{callId}/audio} streams
 * audio of any size, in constant memory, into encrypted {@link io.callstream.core.event.AudioChunk}
 * events of at most 512 KiB, in order, and stores in PostgreSQL how much of it Kafka has
 * acknowledged, so a broken upload resumes there. The protocol is on {@link
 * io.callstream.ingest.audio.AudioUploadController}. A live feed ({@link
 * io.callstream.ingest.audio.AudioFeed}, from the socket of {@code audio.live}) writes a call's
 * audio through the same bookkeeping. The end of a call's audio is the end of the call: ingest
 * marks the call ended, and the transcription job announces it.
 *
 * <p>Everything here is non-null unless marked {@code @Nullable}.
 */
@NullMarked
package io.callstream.ingest.audio;

import org.jspecify.annotations.NullMarked;
