/**
 * The analyzer contract: {@link io.callstream.analyzer.Analyzer} and the plain records it reads and
 * answers. Implementations live beside it ({@code openai}, {@code local}); the dispatcher that
 * bounds, rate-limits and retries their calls lives in {@code dispatch}. No Flink, no Spring.
 * Records are immutable; everything is non-null unless marked {@code @Nullable}.
 */
@NullMarked
package io.callstream.analyzer;

import org.jspecify.annotations.NullMarked;
