package io.callstream.embedded.junit;

import io.callstream.embedded.postgres.PostgresEndpoint;
import java.util.Objects;

/**
 * The two ways into the shared database: as its owner, who migrates it and is not bound by
 * row-level security, and as the application role the services connect as.
 *
 * @param owner the database's owner
 * @param application the role that owns nothing
 */
record PostgresRoles(PostgresEndpoint owner, PostgresEndpoint application) {

  PostgresRoles {
    Objects.requireNonNull(owner, "owner must not be null");
    Objects.requireNonNull(application, "application must not be null");
    if (owner.user().equals(application.user())) {
      throw new IllegalArgumentException("the application role must not be the owner");
    }
  }
}
