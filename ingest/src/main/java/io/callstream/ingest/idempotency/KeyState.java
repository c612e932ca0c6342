package io.callstream.ingest.idempotency;

/** What is stored for a key that another request holds or held. Immutable and thread-safe. */
sealed interface KeyState {

  /** The fingerprint of the request that holds the key. */
  RequestFingerprint fingerprint();

  /** The first request still runs (or ran in a process that died, until its lease ends). */
  record InProgress(RequestFingerprint fingerprint) implements KeyState {}

  /** The first request succeeded; this is its answer. */
  record Completed(RequestFingerprint fingerprint, StoredResponse response) implements KeyState {}
}
