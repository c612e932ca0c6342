package io.callstream.llmtest;

/**
 * How the test server answers one request: normally, or with one of the failures a provider shows.
 * Also the answer kind written into every {@link RecordedRequest}.
 */
public enum Fault {
  /** A proper answer after the configured latency. */
  OK,
  /**
   * HTTP 429 with {@code Retry-After} and {@code retry-after-ms}, at once: a random fault, a
   * scripted one, or the concurrency limit.
   */
  RATE_LIMITED,
  /** HTTP 500 after the configured latency. */
  SERVER_ERROR,
  /** No answer at all, until the client gives up or the server closes. */
  HANG,
  /** HTTP 200 after the configured latency, but the message content is truncated JSON. */
  MALFORMED,
  /** HTTP 400 at once: the server refuses the request (also for a body that is not JSON). */
  BAD_REQUEST
}
