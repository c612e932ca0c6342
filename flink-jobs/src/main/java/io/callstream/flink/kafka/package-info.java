/** Kafka sources and sinks of CloudEvents, through the core codec. */
package io.callstream.flink.kafka;
