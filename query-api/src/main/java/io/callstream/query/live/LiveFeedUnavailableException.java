package io.callstream.query.live;

/**
 * The live feed is not listening (starting, reconnecting to PostgreSQL, or stopped), so a stream
 * could not tell what it missed from what it will get: the client retries later and resumes with
 * {@code Last-Event-ID}.
 */
public final class LiveFeedUnavailableException extends RuntimeException {

  LiveFeedUnavailableException(String message) {
    super(message, null, false, false);
  }
}
