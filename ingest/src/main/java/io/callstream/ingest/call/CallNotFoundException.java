package io.callstream.ingest.call;

import org.springframework.http.HttpStatus;
import org.springframework.web.server.ResponseStatusException;

/**
 * There is no such call in the workspace: answered 404, the same whether the call never existed or
 * belongs to another workspace.
 */
public final class CallNotFoundException extends ResponseStatusException {

  private static final long serialVersionUID = 1L;

  public CallNotFoundException(String callId) {
    super(HttpStatus.NOT_FOUND, "no call " + callId + " in this workspace");
  }
}
