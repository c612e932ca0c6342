package io.callstream.ingest.audio;

/**
 * An upload body that does not match what its PUT declared, outgrows the size limit, or breaks off.
 */
final class AudioBodyException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  /** What is wrong with the body. */
  enum Kind {
    /** More bytes than {@code Content-Range} or {@code Content-Length} announced. */
    LONGER_THAN_DECLARED,
    /**
     * The body ended before the bytes {@code Content-Range} or {@code Content-Length} announced.
     */
    SHORTER_THAN_DECLARED,
    /** A whole upload without a single byte. */
    EMPTY,
    /** The audio outgrew {@code callstream.ingest.limits.audio-bytes}. */
    TOO_LARGE,
    /** The body could not be read to its end: the connection dropped. */
    BROKEN_OFF
  }

  private final Kind kind;

  AudioBodyException(Kind kind, String message) {
    super(message);
    this.kind = kind;
  }

  AudioBodyException(Kind kind, String message, Throwable cause) {
    super(message, cause);
    this.kind = kind;
  }

  Kind kind() {
    return kind;
  }
}
