package io.callstream.flink;

import io.callstream.analyzer.dispatch.DispatchSettings;
import io.callstream.analyzer.dispatch.RateLimit;
import io.callstream.analyzer.openai.OpenAiSettings;
import io.callstream.analyzer.transcribe.TranscriptionSettings;
import io.callstream.flink.analyze.Plan;
import io.callstream.flink.analyze.Plans;
import io.callstream.flink.chunk.ChunkingSettings;
import io.callstream.flink.crypto.CipherSettings;
import io.callstream.flink.merge.MergeSettings;
import java.net.URI;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * Reads {@link AnalysisSettings} from environment variables, the way the job jar and the standalone
 * process are configured (README, "Configuration"). A bad value ends start-up with a message that
 * names the variable.
 */
public final class EnvironmentSettings {

  /** Requests and tokens per minute of each plan, unless configured otherwise. */
  private static final Map<String, RateLimit> PLAN_LIMITS = planLimits();

  private final Map<String, String> env;

  private EnvironmentSettings(Map<String, String> env) {
    this.env = env;
  }

  public static AnalysisSettings read(Map<String, String> env) {
    return new EnvironmentSettings(env).settings();
  }

  private AnalysisSettings settings() {
    CipherSettings cipher =
        new CipherSettings(required("CALLSTREAM_MASTER_KEY"), required("CALLSTREAM_KEYSET_DIR"));
    DispatchSettings defaults = DispatchSettings.defaults();
    DispatchSettings dispatch =
        new DispatchSettings(
            positive("CALLSTREAM_LLM_CONCURRENCY", defaults.maxConcurrency()),
            positive("CALLSTREAM_LLM_MAX_ATTEMPTS", defaults.maxAttempts()),
            duration("CALLSTREAM_LLM_TIMEOUT", defaults.attemptTimeout()),
            defaults.initialBackoff(),
            defaults.maxBackoff(),
            defaults.maxRetryAfter());
    ChunkingSettings chunkingDefaults = ChunkingSettings.defaults();
    ChunkingSettings chunking =
        new ChunkingSettings(
            positive("CALLSTREAM_CHUNK_TOKENS", chunkingDefaults.tokenBudget()),
            positive("CALLSTREAM_CHUNK_OVERLAP_TOKENS", chunkingDefaults.overlapTokens()),
            duration("CALLSTREAM_CHUNK_IDLE_GAP", chunkingDefaults.idleGap()),
            chunkingDefaults.endGrace(),
            chunkingDefaults.abandonAfter());
    return new AnalysisSettings(
        cipher,
        chunking,
        MergeSettings.defaults(),
        plans(dispatch.attemptTimeout()),
        dispatch,
        positive("CALLSTREAM_ANALYSIS_QUEUE", AnalysisSettings.DEFAULT_QUEUE_CAPACITY),
        AnalysisSettings.DEFAULT_CHUNK_TIMEOUT,
        transcription(dispatch.attemptTimeout()));
  }

  /**
   * The speech-to-text server: {@code CALLSTREAM_TRANSCRIPTION_BASE_URL} (else OpenAI's when {@code
   * OPENAI_API_KEY} is set), its key ({@code CALLSTREAM_TRANSCRIPTION_API_KEY}, else {@code
   * OPENAI_API_KEY}, else none for a local server) and model ({@code
   * CALLSTREAM_TRANSCRIPTION_MODEL}); null when neither URL nor OpenAI key is set.
   */
  private @Nullable TranscriptionSettings transcription(Duration requestTimeout) {
    String openAiKey = value("OPENAI_API_KEY", "");
    if (value("CALLSTREAM_TRANSCRIPTION_BASE_URL", "").isEmpty() && openAiKey.isEmpty()) {
      return null;
    }
    return new TranscriptionSettings(
        uri(
            "CALLSTREAM_TRANSCRIPTION_BASE_URL",
            value("OPENAI_BASE_URL", "https://api.openai.com/v1")),
        value("CALLSTREAM_TRANSCRIPTION_API_KEY", openAiKey),
        value("CALLSTREAM_TRANSCRIPTION_MODEL", TranscriptionSettings.DEFAULT_MODEL),
        requestTimeout);
  }

  private Plans plans(Duration requestTimeout) {
    String analyzer = analyzer("CALLSTREAM_ANALYZER", Plan.LOCAL);
    Map<String, Plan> plans = new LinkedHashMap<>();
    PLAN_LIMITS.forEach(
        (name, limit) -> {
          String prefix = "CALLSTREAM_PLAN_" + name.toUpperCase(Locale.ROOT) + "_";
          String planAnalyzer = analyzer(prefix + "ANALYZER", analyzer);
          OpenAiSettings openai =
              Plan.OPENAI.equals(planAnalyzer)
                  ? new OpenAiSettings(
                      uri(
                          prefix + "BASE_URL",
                          value("OPENAI_BASE_URL", "https://api.openai.com/v1")),
                      value(prefix + "API_KEY", required("OPENAI_API_KEY")),
                      value(prefix + "MODEL", value("OPENAI_MODEL", "gpt-4o-mini")),
                      requestTimeout)
                  : null;
          RateLimit rateLimit =
              new RateLimit(
                  count(prefix + "RPM", limit.requestsPerMinute()),
                  count(prefix + "TPM", limit.tokensPerMinute()));
          plans.put(name, new Plan(name, planAnalyzer, openai, rateLimit));
        });
    String defaultPlan = value("CALLSTREAM_DEFAULT_PLAN", "growth");
    if (!plans.containsKey(defaultPlan)) {
      throw new IllegalArgumentException(
          "CALLSTREAM_DEFAULT_PLAN '" + defaultPlan + "' must be one of " + plans.keySet());
    }
    return new Plans(plans, defaultPlan, workspacePlans());
  }

  /** {@code CALLSTREAM_WORKSPACE_PLANS=ws-1=scale,ws-2=free}. */
  private Map<String, String> workspacePlans() {
    Map<String, String> plans = new HashMap<>();
    String value = value("CALLSTREAM_WORKSPACE_PLANS", "");
    for (String entry : value.split(",")) {
      if (entry.isBlank()) {
        continue;
      }
      int equals = entry.lastIndexOf('=');
      if (equals < 1) {
        throw new IllegalArgumentException(
            "CALLSTREAM_WORKSPACE_PLANS entry '" + entry + "' must be workspaceId=plan");
      }
      plans.put(entry.substring(0, equals).trim(), entry.substring(equals + 1).trim());
    }
    return plans;
  }

  private static Map<String, RateLimit> planLimits() {
    Map<String, RateLimit> limits = new LinkedHashMap<>();
    limits.put("free", new RateLimit(60, 100_000));
    limits.put("trial", new RateLimit(60, 100_000));
    limits.put("starter", new RateLimit(300, 500_000));
    limits.put("growth", new RateLimit(1_200, 2_000_000));
    limits.put("scale", RateLimit.UNLIMITED);
    return limits;
  }

  private String analyzer(String name, String fallback) {
    String value = value(name, fallback);
    if (!Plan.LOCAL.equals(value) && !Plan.OPENAI.equals(value)) {
      throw new IllegalArgumentException(name + " '" + value + "' must be local or openai");
    }
    return value;
  }

  private String value(String name, String fallback) {
    String value = env.get(name);
    return value == null || value.isBlank() ? fallback : value.trim();
  }

  private String required(String name) {
    String value = env.get(name);
    if (value == null || value.isBlank()) {
      throw new IllegalArgumentException(name + " must be set");
    }
    return value.trim();
  }

  private int positive(String name, int fallback) {
    long value = count(name, fallback);
    if (value < 1 || value > Integer.MAX_VALUE) {
      throw new IllegalArgumentException(name + " must be a positive number, was " + value);
    }
    return (int) value;
  }

  private long count(String name, long fallback) {
    String value = env.get(name);
    if (value == null || value.isBlank()) {
      return fallback;
    }
    try {
      long parsed = Long.parseLong(value.trim());
      if (parsed < 0) {
        throw new NumberFormatException();
      }
      return parsed;
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(name + " '" + value + "' is not a whole number >= 0");
    }
  }

  /** ISO-8601 ({@code PT20S}) or seconds with an {@code s} ({@code 20s}). */
  private Duration duration(String name, Duration fallback) {
    String value = env.get(name);
    if (value == null || value.isBlank()) {
      return fallback;
    }
    String trimmed = value.trim();
    try {
      Duration parsed =
          trimmed.endsWith("s") && !trimmed.startsWith("P")
              ? Duration.ofMillis(Math.round(Double.parseDouble(trimmed.replace("s", "")) * 1000))
              : Duration.parse(trimmed);
      if (parsed.isNegative() || parsed.isZero()) {
        throw new DateTimeParseException("not positive", trimmed, 0);
      }
      return parsed;
    } catch (DateTimeParseException | NumberFormatException e) {
      throw new IllegalArgumentException(
          name + " '" + value + "' is not a positive duration like 20s or PT20S");
    }
  }

  private URI uri(String name, String fallback) {
    String value = value(name, fallback);
    try {
      URI uri = URI.create(value);
      if (uri.getScheme() == null || uri.getHost() == null) {
        throw new IllegalArgumentException();
      }
      return uri;
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(name + " '" + value + "' is not an http(s) URL");
    }
  }
}
