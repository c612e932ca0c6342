package io.callstream.api.auth;

import java.util.Locale;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.ErrorResponseException;

/** A caller of the right workspace whose role lacks a permission: 403 problem. */
public final class PermissionDeniedException extends ErrorResponseException {

  private static final long serialVersionUID = 1L;

  public PermissionDeniedException(Permission permission, Role role) {
    super(
        HttpStatus.FORBIDDEN,
        ProblemDetail.forStatusAndDetail(
            HttpStatus.FORBIDDEN,
            "this needs the "
                + permission.least().name().toLowerCase(Locale.ROOT)
                + " role or higher; the credential has "
                + role.name().toLowerCase(Locale.ROOT)),
        null);
  }
}
