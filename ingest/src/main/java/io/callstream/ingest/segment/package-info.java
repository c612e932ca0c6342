/**
 * The one way segments enter callstream: whole transcripts, live feeds and streaming uploads all
 * hand {@link io.callstream.ingest.segment.SegmentDraft}s to {@link
 * io.callstream.ingest.segment.SegmentIntake}, which drops duplicates by sequence number, numbers
 * interim revisions and turns away segments of ended calls, with what it published kept in
 * PostgreSQL.
 */
@NullMarked
package io.callstream.ingest.segment;

import org.jspecify.annotations.NullMarked;
