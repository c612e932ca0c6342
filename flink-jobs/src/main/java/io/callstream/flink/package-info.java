/**
 * callstream's Flink jobs. Each job takes its sources and sinks through its constructor; {@link
 * io.callstream.flink.CallstreamJobs} wires the production ones. Never Spring.
 */
package io.callstream.flink;
