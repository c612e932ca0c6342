/**
 * The one way segments enter callstream: whole transcripts, live feeds and streaming uploads all
 * hand {@link io.callstream.ingest.segment.SegmentDraft}s to {@link
 * io.callstream.ingest.segment.SegmentIntake}.
 */
package io.callstream.ingest.segment;
