/** Producing events to Kafka: idempotent, acknowledged by all replicas. */
package io.callstream.ingest.kafka;
