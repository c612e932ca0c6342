/**
 * {@code Idempotency-Key} (IETF draft "The Idempotency-Key HTTP Header Field",
 * draft-ietf-httpapi-idempotency-key-header) on every {@code POST} under {@code
 * /v1/workspaces/{workspaceId}/}: a filter claims the key in PostgreSQL, runs the request once,
 * stores a 2xx answer for replay and frees the key after any other answer. See {@link
 * io.callstream.ingest.idempotency.IdempotencyFilter} for the answers and what is not covered.
 *
 * <p>Everything here is non-null unless marked {@code @Nullable}.
 */
@NullMarked
package io.callstream.ingest.idempotency;

import org.jspecify.annotations.NullMarked;
