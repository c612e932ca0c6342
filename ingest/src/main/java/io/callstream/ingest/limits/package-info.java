/**
 * What ingest accepts at most, configurable under {@code callstream.ingest.limits.*}: transcript
 * body size (413, checked by a filter on the body as it arrives), segment text length and segments
 * per call (422, checked by {@link io.callstream.ingest.segment.SegmentIntake} for every way
 * segments arrive). Every rejection names the limit and its setting.
 *
 * <p>Everything here is non-null unless marked {@code @Nullable}.
 */
@NullMarked
package io.callstream.ingest.limits;

import org.jspecify.annotations.NullMarked;
