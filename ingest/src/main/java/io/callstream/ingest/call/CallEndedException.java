package io.callstream.ingest.call;

import org.springframework.http.HttpStatus;
import org.springframework.web.server.ResponseStatusException;

/** The call has ended and takes no more segments: answered 409 Conflict. */
public final class CallEndedException extends ResponseStatusException {

  private static final long serialVersionUID = 1L;

  public CallEndedException(String callId) {
    super(HttpStatus.CONFLICT, "call " + callId + " has ended; it accepts no more segments");
  }
}
