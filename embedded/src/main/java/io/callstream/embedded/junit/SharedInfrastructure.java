package io.callstream.embedded.junit;

import io.callstream.embedded.flink.FlinkRunner;
import io.callstream.embedded.kafka.KafkaEndpoint;
import io.callstream.embedded.postgres.PostgresEndpoint;
import java.util.Locale;
import java.util.Set;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * JUnit Jupiter extension that gives every test class of a JVM the same infrastructure: one Kafka
 * broker with all of callstream's topics, one PostgreSQL database and one Flink MiniCluster, each
 * started when a test first uses it and stopped after the JVM's last test (they live in the root
 * context's store, which JUnit closes at the end of the run).
 *
 * <pre>{@code
 * @ExtendWith(SharedInfrastructure.class)
 * class CallRepositoryIT {
 *   @Test
 *   void shouldStoreCall(Infrastructure infrastructure) {
 *     String url = infrastructure.postgres().r2dbcUrl();
 *     ...
 * }</pre>
 *
 * <p>Test methods, constructors and lifecycle methods may declare parameters of type {@link
 * Infrastructure}, {@link KafkaEndpoint}, {@link PostgresEndpoint} or {@link FlinkRunner}; code
 * that cannot take parameters (a Spring {@code @DynamicPropertySource} method, say) calls {@link
 * #infrastructure()} once the extension is registered on the class.
 *
 * <p>Kafka and PostgreSQL are embedded unless the system property {@value #MODE_PROPERTY} is
 * {@value #TESTCONTAINERS} (Maven profile {@code testcontainers}), which takes them from
 * Testcontainers and needs a Docker engine.
 */
public final class SharedInfrastructure implements BeforeAllCallback, ParameterResolver {

  /** The system property that chooses where Kafka and PostgreSQL come from. */
  public static final String MODE_PROPERTY = "callstream.infra";

  /** Kafka and PostgreSQL in this JVM's process tree: the default, and all our machines have. */
  public static final String EMBEDDED = "embedded";

  /** Kafka and PostgreSQL in Docker containers through Testcontainers. */
  public static final String TESTCONTAINERS = "testcontainers";

  private static final ExtensionContext.Namespace NAMESPACE =
      ExtensionContext.Namespace.create(SharedInfrastructure.class);
  private static final Set<Class<?>> RESOLVED_TYPES =
      Set.of(Infrastructure.class, KafkaEndpoint.class, PostgresEndpoint.class, FlinkRunner.class);

  private static volatile @Nullable Infrastructure current;

  /** Registers the shared infrastructure for the JVM's run; starts nothing yet. */
  @Override
  public void beforeAll(ExtensionContext context) {
    shared(context);
  }

  @Override
  public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
    return RESOLVED_TYPES.contains(parameter.getParameter().getType());
  }

  @Override
  public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
    Infrastructure infrastructure = shared(context);
    Class<?> type = parameter.getParameter().getType();
    if (type == KafkaEndpoint.class) {
      return infrastructure.kafka();
    }
    if (type == PostgresEndpoint.class) {
      return infrastructure.postgres();
    }
    if (type == FlinkRunner.class) {
      return infrastructure.flink();
    }
    return infrastructure;
  }

  /**
   * The shared infrastructure, for code that cannot take it as a parameter.
   *
   * @throws IllegalStateException if no test class of this run has registered the extension yet
   */
  public static Infrastructure infrastructure() {
    Infrastructure infrastructure = current;
    if (infrastructure == null) {
      throw new IllegalStateException(
          "no shared infrastructure: annotate the test class with"
              + " @ExtendWith(SharedInfrastructure.class)");
    }
    return infrastructure;
  }

  /**
   * The role a service started by a test connects as: the shared database's application role when
   * {@code database} is the shared database as its owner ({@link Infrastructure#postgres()}), so
   * the service is bound by row-level security as in production; {@code database} itself otherwise
   * (a database of the test's own, which has no second role).
   */
  public static PostgresEndpoint applicationRoleOf(PostgresEndpoint database) {
    Infrastructure infrastructure = current;
    PostgresRoles shared = infrastructure == null ? null : infrastructure.startedPostgres();
    if (shared != null && shared.owner().equals(database)) {
      return shared.application();
    }
    return database;
  }

  /** Where the shared infrastructure comes from in this JVM: {@value #MODE_PROPERTY}. */
  public static String mode() {
    return System.getProperty(MODE_PROPERTY, EMBEDDED).trim().toLowerCase(Locale.ROOT);
  }

  private static Infrastructure shared(ExtensionContext context) {
    SharedResources resources =
        context
            .getRoot()
            .getStore(NAMESPACE)
            .computeIfAbsent(
                SharedResources.class,
                key -> SharedResources.create(mode()),
                SharedResources.class);
    current = resources.infrastructure();
    return resources.infrastructure();
  }
}
