package io.callstream.ingest.segment;

/**
 * What the intake has published of one sequence number of a call. Immutable.
 *
 * @param sequence the sequence number
 * @param finalResult whether a final revision was published, after which the sequence takes nothing
 *     more
 * @param revisions how many revisions (interims and the final) were published
 * @param endMs end of the latest revision
 */
record SequenceState(long sequence, boolean finalResult, int revisions, long endMs) {}
