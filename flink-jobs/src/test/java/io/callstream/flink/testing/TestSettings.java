package io.callstream.flink.testing;

import io.callstream.analyzer.dispatch.DispatchSettings;
import io.callstream.analyzer.dispatch.RateLimit;
import io.callstream.analyzer.openai.OpenAiSettings;
import io.callstream.flink.AnalysisSettings;
import io.callstream.flink.analyze.Plan;
import io.callstream.flink.analyze.Plans;
import io.callstream.flink.chunk.ChunkingSettings;
import io.callstream.flink.merge.MergeSettings;
import java.net.URI;
import java.time.Duration;
import java.util.Map;

/** Analysis settings for tests: the production defaults with a plan of the test's choosing. */
public final class TestSettings {

  private TestSettings() {}

  /** Every workspace on one plan that uses the local analyzer, without rate limits. */
  public static AnalysisSettings local(TestKeys keys) {
    return of(keys, plans(new Plan("test", Plan.LOCAL, null, RateLimit.UNLIMITED)));
  }

  /** Every workspace on one plan that asks the OpenAI-compatible server at {@code baseUrl}. */
  public static AnalysisSettings openai(TestKeys keys, String baseUrl) {
    return of(keys, plans(openaiPlan("test", URI.create(baseUrl), RateLimit.UNLIMITED)));
  }

  public static Plan openaiPlan(String name, URI baseUrl, RateLimit limit) {
    return new Plan(
        name,
        Plan.OPENAI,
        new OpenAiSettings(baseUrl, "sk-test", "test-model", Duration.ofSeconds(2)),
        limit);
  }

  public static Plans plans(Plan plan) {
    return new Plans(Map.of(plan.name(), plan), plan.name(), Map.of());
  }

  public static AnalysisSettings of(TestKeys keys, Plans plans) {
    return new AnalysisSettings(
        keys.settings(),
        ChunkingSettings.defaults(),
        MergeSettings.defaults(),
        plans,
        quickRetries(32),
        AnalysisSettings.DEFAULT_QUEUE_CAPACITY,
        AnalysisSettings.DEFAULT_CHUNK_TIMEOUT);
  }

  /** Retries that give up within seconds, so a test of faults ends soon. */
  public static DispatchSettings quickRetries(int concurrency) {
    return new DispatchSettings(
        concurrency,
        6,
        Duration.ofSeconds(2),
        Duration.ofMillis(50),
        Duration.ofMillis(500),
        Duration.ofSeconds(1));
  }
}
