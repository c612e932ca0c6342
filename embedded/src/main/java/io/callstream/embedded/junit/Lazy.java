package io.callstream.embedded.junit;

import java.util.Objects;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A server started on first use and stopped on {@link #close()}. A failed start is remembered and
 * rethrown to every later caller, so one broken server fails each test at once instead of being
 * retried by every test class. Thread-safe.
 */
final class Lazy<T> implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(Lazy.class);

  private final String name;
  private final Supplier<Started<T>> starter;
  private @Nullable Started<T> started;
  private @Nullable RuntimeException failure;
  private boolean closed;

  /** What a start produced: the value tests use, and how to stop what stands behind it. */
  record Started<T>(T value, AutoCloseable stopper) {
    Started {
      Objects.requireNonNull(value, "value must not be null");
      Objects.requireNonNull(stopper, "stopper must not be null");
    }
  }

  Lazy(String name, Supplier<Started<T>> starter) {
    this.name = Objects.requireNonNull(name, "name must not be null");
    this.starter = Objects.requireNonNull(starter, "starter must not be null");
  }

  synchronized T get() {
    if (closed) {
      throw new IllegalStateException("the shared " + name + " has been stopped");
    }
    if (failure != null) {
      throw new IllegalStateException("the shared " + name + " failed to start", failure);
    }
    if (started == null) {
      try {
        started = starter.get();
      } catch (RuntimeException e) {
        failure = e;
        throw e;
      }
    }
    return started.value();
  }

  /** The value if the server has been started and not stopped; never starts it. */
  synchronized @Nullable T ifStarted() {
    return started == null ? null : started.value();
  }

  @Override
  public synchronized void close() {
    closed = true;
    if (started != null) {
      try {
        started.stopper().close();
      } catch (Exception e) {
        LOG.warn("The shared {} did not stop cleanly", name, e);
      }
      started = null;
    }
  }
}
