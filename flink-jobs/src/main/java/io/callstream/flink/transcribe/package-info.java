/**
 * The transcription job: audio chunks of a call in, transcript segments out. {@link
 * io.callstream.flink.transcribe.DecodeAudio} puts each call's audio back in order, decodes it and
 * cuts it at silences into {@link io.callstream.flink.transcribe.AudioPiece}s; {@link
 * io.callstream.flink.transcribe.TranscribeSpeech} transcribes them concurrently through the
 * analyzers' dispatcher; {@link io.callstream.flink.transcribe.SequenceTranscript} puts the
 * transcripts back in order, numbers the segments and ends the call. Non-null unless marked
 * {@code @Nullable}.
 */
@NullMarked
package io.callstream.flink.transcribe;

import org.jspecify.annotations.NullMarked;
