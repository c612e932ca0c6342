/** Whole transcripts into transcript segment events. */
package io.callstream.ingest.transcript;
