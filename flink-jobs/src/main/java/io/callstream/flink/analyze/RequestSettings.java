package io.callstream.flink.analyze;

import io.callstream.analyzer.dispatch.DispatchSettings;
import io.callstream.flink.crypto.CipherSettings;
import java.io.Serializable;
import java.time.Duration;

/**
 * What an operator that sends requests to a provider carries: the keys to decrypt the call content
 * it sends and encrypt what comes back, the plans and dispatch settings of the shared {@link
 * Providers}, and its own last-resort timeout per element. Serializable: it travels inside the
 * operators.
 *
 * @param timeout how long one element may take in the operator, queueing, retries and backoff
 *     included, before it is reported as failed
 */
public record RequestSettings(
    CipherSettings cipher, Plans plans, DispatchSettings dispatch, Duration timeout)
    implements Serializable {

  public RequestSettings {
    if (cipher == null || plans == null || dispatch == null || timeout == null) {
      throw new IllegalArgumentException("cipher, plans, dispatch and timeout are required");
    }
  }

  /** The providers shared in this JVM; close when done. */
  public Providers acquireProviders() {
    return Providers.acquire(plans, dispatch);
  }
}
