/**
 * Transcript file formats and their parsers: our JSON segments, WebVTT, SRT, plain text, AMI
 * dialogue acts ({@code .da}) and QMSum JSON. Pure Java, no Spring: a {@link
 * io.callstream.ingest.transcript.format.TranscriptParser} turns the bytes of a whole file into a
 * {@link io.callstream.ingest.transcript.format.ParsedTranscript} or throws a {@link
 * io.callstream.ingest.transcript.format.TranscriptFormatException} that names the line and what
 * was expected there, and never throws anything else.
 *
 * <p>Rules shared by every format:
 *
 * <ul>
 *   <li>Files are strict UTF-8 (a leading byte order mark is skipped); lines end with LF, CRLF or
 *       CR.
 *   <li>Where a format has no times (QMSum, plain-text turns without {@code [hh:mm:ss]}), times are
 *       estimated from the word count at 150 words per minute (400 ms a word), turn after turn.
 *   <li>Corpus markup such as AMI's {@code {vocalsound}} or {@code {disfmarker}} is kept as it is:
 *       many turns consist of nothing else, and stripping it would drop them and make the segment
 *       count disagree with the file.
 * </ul>
 *
 * <p>Everything here is non-null unless marked {@code @Nullable}; every type is immutable and
 * thread-safe.
 */
@NullMarked
package io.callstream.ingest.transcript.format;

import org.jspecify.annotations.NullMarked;
