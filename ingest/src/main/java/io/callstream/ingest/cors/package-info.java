/**
 * Cross-origin uploads from the dashboard, which the query API serves on another port: CORS for the
 * upload routes, answered before authentication so that preflights (which carry no key) pass.
 */
@NullMarked
package io.callstream.ingest.cors;

import org.jspecify.annotations.NullMarked;
