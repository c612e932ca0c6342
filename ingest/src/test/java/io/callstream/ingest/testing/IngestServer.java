package io.callstream.ingest.testing;

import io.callstream.embedded.junit.SharedInfrastructure;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * JUnit Jupiter extension that runs one ingest service per test JVM, on a random port, against the
 * Kafka broker and PostgreSQL of {@link SharedInfrastructure}. The first test class that needs it
 * starts it; every later class gets the same instance; it stops after the JVM's last test, before
 * the infrastructure it uses (the root store closes values in reverse order of insertion).
 *
 * <p>Register it after {@link SharedInfrastructure}:
 *
 * <pre>{@code
 * @ExtendWith({SharedInfrastructure.class, IngestServer.class})
 * class CallsIT {
 *   @BeforeAll
 *   static void setUp(RunningIngest ingest) { ... }
 * }
 * }</pre>
 */
public final class IngestServer implements BeforeAllCallback, ParameterResolver {

  private static final ExtensionContext.Namespace NAMESPACE =
      ExtensionContext.Namespace.create(IngestServer.class);

  @Override
  public void beforeAll(ExtensionContext context) {
    running(context);
  }

  @Override
  public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
    return parameter.getParameter().getType() == RunningIngest.class;
  }

  @Override
  public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
    return running(context);
  }

  private static RunningIngest running(ExtensionContext context) {
    return context
        .getRoot()
        .getStore(NAMESPACE)
        .computeIfAbsent(
            RunningIngest.class,
            key -> RunningIngest.start(SharedInfrastructure.infrastructure()),
            RunningIngest.class);
  }
}
