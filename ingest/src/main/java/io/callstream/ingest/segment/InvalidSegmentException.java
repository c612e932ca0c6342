package io.callstream.ingest.segment;

/** A segment that cannot be accepted; the message names which one and why. */
public final class InvalidSegmentException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  public InvalidSegmentException(String message) {
    super(message);
  }
}
