package io.callstream.query.admin.keys;

import java.time.Instant;
import org.jspecify.annotations.Nullable;

/**
 * A key just created. {@code token} is the only time the secret is shown: it is stored as a hash.
 * Immutable.
 */
public record CreatedApiKey(
    String id, String name, String role, String token, @Nullable Instant expiresAt) {

  @Override
  public String toString() {
    return "CreatedApiKey[id=" + id + ", name=" + name + ", role=" + role + ", token=***]";
  }
}
