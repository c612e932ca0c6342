package io.callstream.analyzer.transcribe;

import java.io.Serializable;
import java.net.URI;
import java.time.Duration;

/**
 * Where and how {@link OpenAiTranscriber} calls the transcription API. The base URL selects the
 * provider: {@code https://api.openai.com/v1} or a self-hosted OpenAI-compatible Whisper server.
 * Serializable, so a Flink job can carry it; {@link #toString()} leaves the API key out.
 *
 * @param baseUrl the API's base URL, ending before {@code /audio/transcriptions}
 * @param apiKey the key; may be empty for a local server that wants none
 * @param model the transcription model, {@code whisper-1} by default
 * @param requestTimeout how long one HTTP request may take in all before it counts as unavailable
 */
public record TranscriptionSettings(
    URI baseUrl, String apiKey, String model, Duration requestTimeout) implements Serializable {

  /** The model used unless one is chosen. */
  public static final String DEFAULT_MODEL = "whisper-1";

  public TranscriptionSettings {
    if (baseUrl == null) {
      throw new IllegalArgumentException("baseUrl must not be null");
    }
    if (apiKey == null) {
      throw new IllegalArgumentException("apiKey must not be null");
    }
    if (model == null || model.isBlank()) {
      throw new IllegalArgumentException("model must not be blank");
    }
    if (requestTimeout == null || requestTimeout.isNegative() || requestTimeout.isZero()) {
      throw new IllegalArgumentException("requestTimeout must be positive");
    }
  }

  /** {@code whisper-1} at {@code baseUrl}, with the given timeout. */
  public static TranscriptionSettings of(URI baseUrl, String apiKey, Duration requestTimeout) {
    return new TranscriptionSettings(baseUrl, apiKey, DEFAULT_MODEL, requestTimeout);
  }

  public TranscriptionSettings withModel(String model) {
    return new TranscriptionSettings(baseUrl, apiKey, model, requestTimeout);
  }

  @Override
  public String toString() {
    return "TranscriptionSettings[baseUrl="
        + baseUrl
        + ", model="
        + model
        + ", requestTimeout="
        + requestTimeout
        + "]";
  }
}
