package io.callstream.audio;

import java.io.IOException;

/**
 * Audio that cannot be decoded: corrupt bytes, or a format or encoding this module does not read.
 */
public final class AudioFormatException extends IOException {

  private static final long serialVersionUID = 1L;

  /** An exception with a message that says what was wrong with the input. */
  public AudioFormatException(String message) {
    super(message);
  }

  /** An exception with a message and the decoder's own exception as cause. */
  public AudioFormatException(String message, Throwable cause) {
    super(message, cause);
  }
}
