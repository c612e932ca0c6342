package io.callstream.ingest.transcript.format;

/** A transcript whose format is unknown, or not given at all; the message lists the known ones. */
public final class UnsupportedTranscriptFormatException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  public UnsupportedTranscriptFormatException(String message) {
    super(message);
  }
}
