package io.callstream.ingest.transcript.format;

/**
 * One segment read from a transcript file.
 *
 * @param sequence position of the segment in the call, from 0; usually its position in the file,
 *     but formats whose lines are not in time order number their segments by start time
 * @param line 1-based line of the file where the segment begins
 * @param speaker who spoke, not blank; {@code unknown} when the file does not say
 * @param startMs start, in milliseconds from the start of the call, not negative
 * @param endMs end, never before {@code startMs}
 * @param text what was said, not blank
 */
public record ParsedSegment(
    long sequence, int line, String speaker, long startMs, long endMs, String text) {}
