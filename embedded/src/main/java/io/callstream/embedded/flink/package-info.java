/**
 * Where callstream's Flink jobs run: {@link io.callstream.embedded.flink.FlinkRunner} builds a job
 * from caller code and submits it, either to a MiniCluster in this JVM ({@link
 * io.callstream.embedded.flink.EmbeddedFlink}) or to a real cluster through its REST endpoint
 * ({@link io.callstream.embedded.flink.RemoteFlink}).
 *
 * <p>Everything here is non-null unless marked {@code @Nullable}.
 */
@NullMarked
package io.callstream.embedded.flink;

import org.jspecify.annotations.NullMarked;
