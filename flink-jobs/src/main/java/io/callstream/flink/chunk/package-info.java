/** The chunk step of the analysis job. Non-null unless marked {@code @Nullable}. */
@NullMarked
package io.callstream.flink.chunk;

import org.jspecify.annotations.NullMarked;
