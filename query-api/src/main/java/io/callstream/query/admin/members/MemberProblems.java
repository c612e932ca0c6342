package io.callstream.query.admin.members;

import org.springframework.http.HttpStatus;
import org.springframework.web.server.ResponseStatusException;

/** The 4xx answers of the member routes, as problems with a detail a client can act on. */
final class MemberProblems {

  private MemberProblems() {}

  static ResponseStatusException badRequest(String detail) {
    return new ResponseStatusException(HttpStatus.BAD_REQUEST, detail);
  }

  static ResponseStatusException forbidden(String detail) {
    return new ResponseStatusException(HttpStatus.FORBIDDEN, detail);
  }

  static ResponseStatusException notFound(String detail) {
    return new ResponseStatusException(HttpStatus.NOT_FOUND, detail);
  }

  static ResponseStatusException conflict(String detail) {
    return new ResponseStatusException(HttpStatus.CONFLICT, detail);
  }

  static ResponseStatusException noMember() {
    return notFound("no such member in this workspace");
  }

  static ResponseStatusException lastOwner() {
    return conflict(
        "this is the workspace's last Owner: make another member Owner first, so the workspace"
            + " is never left without one");
  }
}
