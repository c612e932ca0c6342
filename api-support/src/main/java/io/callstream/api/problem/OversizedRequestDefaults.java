package io.callstream.api.problem;

import java.util.Map;
import org.springframework.boot.EnvironmentPostProcessor;
import org.springframework.boot.SpringApplication;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;

/**
 * Raises Reactor Netty's own limits on the request line and headers well above {@link
 * RequestSizeLimits}', so that a request over ours reaches that filter and is answered with a
 * problem instead of Netty's empty 4xx. Defaults only: a service's configuration wins. What is over
 * Netty's raised limits (a quarter megabyte) still gets Netty's answer.
 */
public final class OversizedRequestDefaults implements EnvironmentPostProcessor {

  /** Netty's limit on the request line and on the headers. */
  static final String NETTY_LIMIT = "256KB";

  @Override
  public void postProcessEnvironment(
      ConfigurableEnvironment environment, SpringApplication application) {
    environment
        .getPropertySources()
        .addLast(
            new MapPropertySource(
                "callstream-request-size-defaults",
                Map.of(
                    "server.max-http-request-header-size", NETTY_LIMIT,
                    "server.netty.max-initial-line-length", NETTY_LIMIT)));
  }
}
