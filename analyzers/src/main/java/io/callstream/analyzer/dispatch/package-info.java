/**
 * The dispatcher every analyzer call goes through: a global concurrency bound (the provider's
 * limit), round-robin fairness across workspaces, per-workspace rate limits (Bucket4j token
 * buckets) and retries that honour {@code Retry-After}. Plain Java, thread-safe, no Flink: one
 * {@link io.callstream.analyzer.dispatch.Dispatcher} per provider and task manager slot.
 */
@NullMarked
package io.callstream.analyzer.dispatch;

import org.jspecify.annotations.NullMarked;
