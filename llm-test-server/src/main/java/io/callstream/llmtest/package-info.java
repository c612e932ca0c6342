/**
 * An OpenAI-compatible HTTP server for tests and benchmarks: {@link
 * io.callstream.llmtest.OpenAiTestServer}. It stands in for the one service outside our reach, with
 * real HTTP so the real OpenAI SDK talks to it, deterministic answers built from the prompt's
 * transcript lines (so grounding can be checked), and the failures a provider shows: latency, 429
 * with {@code Retry-After}, 5xx, hangs and malformed output. Everything is non-null unless marked
 * {@code @Nullable}.
 */
@NullMarked
package io.callstream.llmtest;

import org.jspecify.annotations.NullMarked;
