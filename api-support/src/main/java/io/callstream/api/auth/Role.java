package io.callstream.api.auth;

import java.util.Locale;
import java.util.Optional;

/**
 * A member's role in a workspace; each role includes the rights of the ones below it. Stored by its
 * constant's name ({@code OWNER}), shown by its lower-case one ({@code owner}).
 */
public enum Role {
  MEMBER,
  MANAGER,
  OWNER;

  /** The name the API shows and accepts: {@code owner}, {@code manager}, {@code member}. */
  public String label() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** Whether this role has every right {@code other} has. */
  public boolean includes(Role other) {
    return compareTo(other) >= 0;
  }

  /** The role of a name as a client sends it, in any case; empty for an unknown one. */
  public static Optional<Role> named(String name) {
    if (name == null) {
      return Optional.empty();
    }
    for (Role role : values()) {
      if (role.name().equalsIgnoreCase(name.strip())) {
        return Optional.of(role);
      }
    }
    return Optional.empty();
  }
}
