package io.callstream.analyzer.transcribe;

import com.openai.client.OpenAIClientAsync;
import com.openai.core.JsonValue;
import com.openai.core.MultipartField;
import com.openai.core.RequestOptions;
import com.openai.models.audio.AudioResponseFormat;
import com.openai.models.audio.transcriptions.TranscriptionCreateParams;
import com.openai.models.audio.transcriptions.TranscriptionCreateResponse;
import com.openai.models.audio.transcriptions.TranscriptionSegment;
import com.openai.models.audio.transcriptions.TranscriptionVerbose;
import io.callstream.analyzer.AnalyzerException;
import io.callstream.analyzer.openai.Failures;
import io.callstream.analyzer.openai.OpenAiClients;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.jspecify.annotations.Nullable;

/**
 * Transcribes a chunk with one {@code POST /audio/transcriptions} through the OpenAI SDK's async
 * client: the PCM goes up as an in-memory WAV, the answer comes back as {@code verbose_json} with
 * segment timestamps, which are moved to call time by adding the chunk's start. A segment's speaker
 * is taken from a {@code speaker} property when the server adds one (diarizing Whisper servers do;
 * OpenAI's {@code verbose_json} does not).
 *
 * <p>Failures map as in the {@code openai} analyzer ({@link Failures}): 429 is {@code RATE_LIMITED}
 * with the provider's wait, 5xx and I/O failures {@code UNAVAILABLE}, other 4xx {@code REJECTED};
 * the SDK's own retries are off so the dispatcher decides. Thread-safe; {@link #close()} releases
 * the HTTP client.
 */
public final class OpenAiTranscriber implements Transcriber {

  private final TranscriptionSettings settings;
  private final OpenAIClientAsync client;
  private final RequestOptions options;
  private final Clock clock;

  private OpenAiTranscriber(TranscriptionSettings settings, Clock clock) {
    this.settings = settings;
    this.clock = clock;
    this.client =
        OpenAiClients.create(settings.baseUrl(), settings.apiKey(), settings.requestTimeout());
    this.options = RequestOptions.builder().timeout(settings.requestTimeout()).build();
  }

  public static OpenAiTranscriber create(TranscriptionSettings settings) {
    if (settings == null) {
      throw new IllegalArgumentException("settings must not be null");
    }
    return new OpenAiTranscriber(settings, Clock.systemUTC());
  }

  @Override
  public CompletableFuture<ChunkTranscript> transcribe(AudioChunk chunk) {
    if (chunk == null) {
      throw new IllegalArgumentException("chunk must not be null");
    }
    TranscriptionCreateParams params =
        TranscriptionCreateParams.builder()
            .file(
                MultipartField.<InputStream>builder()
                    .value(new ByteArrayInputStream(Wav.of(chunk.pcm())))
                    .filename(chunk.callId() + "-" + chunk.startMs() + ".wav")
                    .contentType("audio/wav")
                    .build())
            .model(settings.model())
            .responseFormat(AudioResponseFormat.VERBOSE_JSON)
            .addTimestampGranularity(TranscriptionCreateParams.TimestampGranularity.SEGMENT)
            .build();
    CompletableFuture<TranscriptionCreateResponse> sent;
    try {
      sent = client.audio().transcriptions().create(params, options);
    } catch (RuntimeException e) {
      sent = CompletableFuture.failedFuture(e);
    }
    CompletableFuture<ChunkTranscript> result = new CompletableFuture<>();
    sent.whenComplete(
        (response, failure) -> {
          if (failure != null) {
            result.completeExceptionally(Failures.of(failure, clock));
            return;
          }
          try {
            result.complete(read(response, chunk));
          } catch (RuntimeException e) {
            result.completeExceptionally(Failures.of(e, clock));
          }
        });
    return result;
  }

  @Override
  public void close() {
    client.close();
  }

  @Override
  public String toString() {
    return "OpenAiTranscriber[" + settings + "]";
  }

  private static ChunkTranscript read(TranscriptionCreateResponse response, AudioChunk chunk) {
    TranscriptionVerbose verbose =
        response
            .verbose()
            .orElseThrow(
                () ->
                    new AnalyzerException(
                        AnalyzerException.Kind.MALFORMED_OUTPUT,
                        "provider answered no verbose_json transcription",
                        null,
                        null));
    List<TranscribedSegment> segments = new ArrayList<>();
    for (TranscriptionSegment segment : verbose.segments().orElse(List.of())) {
      long start = chunk.startMs() + Math.round(segment.start() * 1000);
      long end = Math.max(start, chunk.startMs() + Math.round(segment.end() * 1000));
      segments.add(new TranscribedSegment(segment.text().strip(), start, end, speaker(segment)));
    }
    return new ChunkTranscript(chunk.workspaceId(), chunk.callId(), chunk.startMs(), segments);
  }

  private static @Nullable String speaker(TranscriptionSegment segment) {
    JsonValue speaker = segment._additionalProperties().get("speaker");
    if (speaker == null) {
      return null;
    }
    // asString() is Optional<String> in Kotlin but reaches Java raw
    Object value = speaker.asString().orElse(null);
    String name = value == null ? "" : value.toString().strip();
    return name.isEmpty() ? null : name;
  }
}
