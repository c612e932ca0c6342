/** What the services' Kafka producers share. */
@NullMarked
package io.callstream.api.kafka;

import org.jspecify.annotations.NullMarked;
