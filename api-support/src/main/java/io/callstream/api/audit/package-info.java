/**
 * The audit log of administrative actions: append-only, hash-chained per workspace. {@link
 * io.callstream.api.audit.ChainedAuditLog} appends; {@link io.callstream.api.audit.AuditChain} and
 * {@link io.callstream.api.audit.ChainVerifier} recompute and check a chain from its stored rows.
 */
@NullMarked
package io.callstream.api.audit;

import org.jspecify.annotations.NullMarked;
