/** The ingest service. */
package io.callstream.ingest;
