/**
 * Flink type information for callstream's own types: one stream of mixed {@link
 * io.callstream.core.event.CallstreamEvent}s without Kryo. Non-null unless marked
 * {@code @Nullable}.
 */
@NullMarked
package io.callstream.flink.types;

import org.jspecify.annotations.NullMarked;
