/**
 * Live audio: the PCM of a meeting in progress over a WebSocket, {@code
 * /v1/workspaces/{workspaceId}/calls/{callId}/audio/live}, stored as the audio uploads store audio
 * (encrypted {@link io.callstream.core.event.AudioChunk}s of one second each, with the same offset
 * bookkeeping and lease), so transcript segments appear while the meeting goes on. The protocol is
 * on {@link io.callstream.ingest.audio.live.LiveAudioEndpoint}.
 *
 * <p>Everything here is non-null unless marked {@code @Nullable}.
 */
@NullMarked
package io.callstream.ingest.audio.live;

import org.jspecify.annotations.NullMarked;
