/**
 * A workspace's API keys, administered by its Owners: created (the token shown once), listed (never
 * the hash), revoked; each action in the audit log.
 */
@NullMarked
package io.callstream.query.admin.keys;

import org.jspecify.annotations.NullMarked;
