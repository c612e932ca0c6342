package io.callstream.core.event;

import org.jspecify.annotations.Nullable;

/**
 * Someone taking part in a call, as known when the call starts.
 *
 * @param name display name, not blank
 * @param role free-form role in the call, for example {@code host}, {@code customer}, {@code
 *     guest}; not blank
 * @param email address if known, else null
 */
public record Participant(String name, String role, @Nullable String email) {

  public Participant {
    Checks.notBlank(name, "name");
    Checks.notBlank(role, "role");
    Checks.notBlankIfPresent(email, "email");
  }

  public static Participant of(String name, String role, @Nullable String email) {
    return new Participant(name, role, email);
  }
}
