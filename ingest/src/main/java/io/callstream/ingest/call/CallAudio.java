package io.callstream.ingest.call;

import reactor.core.publisher.Mono;

/**
 * The audio of calls, as far as ending them goes. For a call with audio the end of the call is the
 * end of its audio: the transcription job announces it ({@code CallEnded}) once it has transcribed
 * the audio's last chunk, so ingest must not. Implemented by the audio uploads.
 */
@FunctionalInterface
public interface CallAudio {

  /**
   * Ends the call's audio if it has any: makes sure its last chunk is published, and the call
   * marked ended.
   *
   * @return whether the call has audio; false for a call without (or no such call)
   */
  Mono<Boolean> endAudio(String workspaceId, String callId);
}
