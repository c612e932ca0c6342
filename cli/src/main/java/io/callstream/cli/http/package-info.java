/**
 * Talking to the query API and ingest over java.net.http: options, requests, problem+json answers,
 * Server-Sent Events.
 */
@NullMarked
package io.callstream.cli.http;

import org.jspecify.annotations.NullMarked;
