/**
 * Real infrastructure in-process, without Docker: a KRaft Kafka broker ({@link
 * io.callstream.embedded.kafka}), PostgreSQL ({@link io.callstream.embedded.postgres}) and a Flink
 * MiniCluster ({@link io.callstream.embedded.flink}), for the {@code standalone} process and for
 * integration tests ({@link io.callstream.embedded.junit}).
 *
 * <p>Everything here is non-null unless marked {@code @Nullable}. Each server keeps its state under
 * a data directory given by the caller, so a restart on the same directory finds it again.
 */
@NullMarked
package io.callstream.embedded;

import org.jspecify.annotations.NullMarked;
