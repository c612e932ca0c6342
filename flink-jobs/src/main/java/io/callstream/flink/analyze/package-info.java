/** The analyze step of the analysis job. Non-null unless marked {@code @Nullable}. */
@NullMarked
package io.callstream.flink.analyze;

import org.jspecify.annotations.NullMarked;
