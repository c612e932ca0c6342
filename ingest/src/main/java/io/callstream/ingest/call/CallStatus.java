package io.callstream.ingest.call;

/** Where a call is in its life: open for segments, or ended. */
public enum CallStatus {
  OPEN,
  ENDED
}
