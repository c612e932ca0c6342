/**
 * Deleting calls: their rows and everything derived from them in one scoped transaction, and a
 * {@link io.callstream.core.event.CallDeleted} plus tombstones on the compacted topics, so Kafka
 * forgets them too. Used by the delete route, the retention purge and erasure.
 */
@NullMarked
package io.callstream.query.privacy.deletion;

import org.jspecify.annotations.NullMarked;
