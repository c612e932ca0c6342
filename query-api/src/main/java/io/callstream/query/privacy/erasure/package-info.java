/**
 * Erasure of a whole workspace: every row (the audit log excepted), tombstones for its calls on the
 * compacted topics, and its keysets (crypto-shredding), so any copy left anywhere is unreadable.
 */
@NullMarked
package io.callstream.query.privacy.erasure;

import org.jspecify.annotations.NullMarked;
