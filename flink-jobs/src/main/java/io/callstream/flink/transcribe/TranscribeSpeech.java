package io.callstream.flink.transcribe;

import io.callstream.analyzer.transcribe.AudioChunk;
import io.callstream.analyzer.transcribe.ChunkTranscript;
import io.callstream.analyzer.transcribe.DispatchedTranscriber;
import io.callstream.analyzer.transcribe.OpenAiTranscriber;
import io.callstream.analyzer.transcribe.TranscribedSegment;
import io.callstream.analyzer.transcribe.Transcriber;
import io.callstream.analyzer.transcribe.TranscriptionSettings;
import io.callstream.core.crypto.Field;
import io.callstream.core.crypto.FieldCipher;
import io.callstream.core.event.Ciphertext;
import io.callstream.flink.analyze.Failures;
import io.callstream.flink.analyze.Providers;
import io.callstream.flink.analyze.RequestSettings;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.api.functions.async.ResultFuture;
import org.apache.flink.streaming.api.functions.async.RichAsyncFunction;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Transcribes a speech piece through the speech-to-text server, with the dispatcher the analysis
 * uses for that provider (its concurrency bound, retries with backoff and {@code Retry-After}, and
 * the workspace plan's request limit). Every piece gives exactly one {@link PieceTranscribed}: one
 * that cannot be transcribed gives one with its failure, and a call's last piece passes through.
 *
 * <p>The audio is decrypted just before the request and the text encrypted as soon as it is back.
 */
public final class TranscribeSpeech extends RichAsyncFunction<AudioPiece, PieceTranscribed> {

  private static final long serialVersionUID = 1L;
  private static final Logger LOG = LoggerFactory.getLogger(TranscribeSpeech.class);

  static final String NOT_CONFIGURED =
      "no speech-to-text server is configured: set CALLSTREAM_TRANSCRIPTION_BASE_URL (an OpenAI"
          + " compatible server) or OPENAI_API_KEY";

  private final RequestSettings requests;
  private final @Nullable TranscriptionSettings transcription;

  private transient FieldCipher cipher;
  private transient Providers providers;
  private transient @Nullable Transcriber transcriber;
  private transient Counter failedPieces;

  /**
   * @param transcription the server, or null when none is configured: every piece then fails
   */
  public TranscribeSpeech(RequestSettings requests, @Nullable TranscriptionSettings transcription) {
    if (requests == null) {
      throw new IllegalArgumentException("requests must not be null");
    }
    this.requests = requests;
    this.transcription = transcription;
  }

  @Override
  public void open(OpenContext openContext) {
    cipher = requests.cipher().open();
    providers = requests.acquireProviders();
    if (transcription != null) {
      transcriber =
          DispatchedTranscriber.of(
              OpenAiTranscriber.create(transcription),
              providers.dispatcherOfProvider(transcription.baseUrl().toString()));
    }
    failedPieces = getRuntimeContext().getMetricGroup().counter("piecesNotTranscribed");
  }

  @Override
  public void close() {
    if (transcriber != null) {
      transcriber.close();
    }
    if (providers != null) {
      providers.close();
    }
  }

  @Override
  public void asyncInvoke(AudioPiece piece, ResultFuture<PieceTranscribed> result) {
    if (piece.kind() != AudioPiece.Kind.SPEECH || piece.pcm() == null) {
      result.complete(List.of(PieceTranscribed.of(piece, List.of())));
      return;
    }
    if (transcriber == null) {
      result.complete(List.of(failed(piece, NOT_CONFIGURED)));
      return;
    }
    AudioChunk chunk;
    try {
      byte[] pcm =
          cipher.decrypt(piece.workspaceId(), piece.callId(), Field.AUDIO, piece.pcm().bytes());
      chunk = AudioChunk.of(piece.workspaceId(), piece.callId(), piece.startMs(), pcm);
    } catch (RuntimeException e) {
      LOG.warn("piece {} of call {} cannot be decrypted", piece.index(), piece.callId(), e);
      result.complete(List.of(failed(piece, "the audio could not be decrypted")));
      return;
    }
    transcriber
        .transcribe(chunk)
        .whenComplete(
            (transcript, error) ->
                result.complete(
                    List.of(
                        error == null
                            ? PieceTranscribed.of(piece, lines(piece, transcript))
                            : failed(piece, Failures.reason(error)))));
  }

  /** The last resort: the dispatcher gives up earlier on its own. */
  @Override
  public void timeout(AudioPiece piece, ResultFuture<PieceTranscribed> result) {
    result.complete(
        List.of(failed(piece, "not transcribed within " + requests.timeout().toSeconds() + " s")));
  }

  private List<SpokenLine> lines(AudioPiece piece, ChunkTranscript transcript) {
    List<SpokenLine> lines = new ArrayList<>(transcript.segments().size());
    for (TranscribedSegment segment : transcript.segments()) {
      if (segment.text().isBlank()) {
        continue;
      }
      lines.add(
          new SpokenLine(
              Math.max(piece.startMs(), segment.startMs()),
              Math.max(piece.startMs(), segment.endMs()),
              segment.speaker(),
              Ciphertext.of(
                  cipher.encryptText(
                      piece.workspaceId(),
                      piece.callId(),
                      Field.TRANSCRIPT_TEXT,
                      segment.text()))));
    }
    return lines;
  }

  private PieceTranscribed failed(AudioPiece piece, String reason) {
    failedPieces.inc();
    LOG.warn("piece {} of call {} not transcribed: {}", piece.index(), piece.callId(), reason);
    return PieceTranscribed.failed(piece, reason);
  }
}
