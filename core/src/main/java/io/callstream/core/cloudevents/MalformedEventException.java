package io.callstream.core.cloudevents;

/**
 * A Kafka record that is not a callstream event: not a CloudEvent, an unknown type, a missing
 * attribute, or data that does not match its type. The message says which, and where the record
 * came from when that is known. Retrying cannot help; the record belongs in a dead-letter topic.
 */
public final class MalformedEventException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  public MalformedEventException(String message) {
    super(message);
  }

  public MalformedEventException(String message, Throwable cause) {
    super(message, cause);
  }
}
