package io.callstream.query.api;

import org.springframework.http.HttpStatus;
import org.springframework.web.server.ResponseStatusException;

/** The 400 and 404 answers of this API, as problems with a detail a client can act on. */
final class BadRequest {

  private BadRequest() {}

  static ResponseStatusException because(String detail) {
    return new ResponseStatusException(HttpStatus.BAD_REQUEST, detail);
  }

  static ResponseStatusException notFound(String detail) {
    return new ResponseStatusException(HttpStatus.NOT_FOUND, detail);
  }
}
