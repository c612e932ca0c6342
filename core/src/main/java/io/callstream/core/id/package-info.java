/**
 * Identifiers: time-ordered random ids for new things, name-based ids for things a replay must
 * produce again with the same id.
 *
 * <p>Everything here is non-null unless marked {@code @Nullable}.
 */
@NullMarked
package io.callstream.core.id;

import org.jspecify.annotations.NullMarked;
