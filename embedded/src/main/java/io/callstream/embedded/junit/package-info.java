/**
 * One shared set of infrastructure per test JVM: {@link
 * io.callstream.embedded.junit.SharedInfrastructure} is a JUnit Jupiter extension that starts one
 * Kafka broker (with callstream's topics), one PostgreSQL and one Flink MiniCluster, each when a
 * test first asks for it, and stops them when the JVM's tests are done. Tests reach them through
 * {@link io.callstream.embedded.junit.Infrastructure}.
 *
 * <p>JUnit Jupiter is a {@code provided} dependency of this module: test code brings its own.
 * Everything here is non-null unless marked {@code @Nullable}.
 */
@NullMarked
package io.callstream.embedded.junit;

import org.jspecify.annotations.NullMarked;
