/** The merge step of the analysis job. Non-null unless marked {@code @Nullable}. */
@NullMarked
package io.callstream.flink.merge;

import org.jspecify.annotations.NullMarked;
