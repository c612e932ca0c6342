package io.callstream.analyzer.dispatch;

import java.io.Serializable;

/**
 * How much one workspace may ask of a provider per minute, set by its plan. Zero means unlimited.
 *
 * @param requestsPerMinute attempts started per minute (retries count: each is a real request)
 * @param tokensPerMinute estimated input tokens per minute
 */
public record RateLimit(long requestsPerMinute, long tokensPerMinute) implements Serializable {

  /** No limit at all: only the global concurrency bound applies. */
  public static final RateLimit UNLIMITED = new RateLimit(0, 0);

  public RateLimit {
    if (requestsPerMinute < 0) {
      throw new IllegalArgumentException("requestsPerMinute must not be negative");
    }
    if (tokensPerMinute < 0) {
      throw new IllegalArgumentException("tokensPerMinute must not be negative");
    }
  }

  public static RateLimit perMinute(long requests, long tokens) {
    return new RateLimit(requests, tokens);
  }

  public boolean unlimited() {
    return requestsPerMinute == 0 && tokensPerMinute == 0;
  }
}
