package io.callstream.query.privacy.rectification;

/**
 * What a speaker rename changed in one call: how many transcript segments, participant entries,
 * metrics rows and stored live events now carry the new name.
 */
public record SpeakerRenamed(
    String callId, long segments, long participants, long metrics, long liveEvents) {

  /** Whether the old name was found anywhere. */
  boolean changedAnything() {
    return segments + participants + metrics + liveEvents > 0;
  }
}
