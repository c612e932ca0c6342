package io.callstream.flink.analyze;

import io.callstream.analyzer.dispatch.RateLimit;
import io.callstream.analyzer.openai.OpenAiSettings;
import java.io.Serializable;
import org.jspecify.annotations.Nullable;

/**
 * What a workspace's plan buys in analysis: which analyzer, which model at which provider, and how
 * many requests and tokens per minute.
 *
 * @param name plan name as in the workspaces table: {@code free}, {@code starter}, {@code growth},
 *     {@code scale}
 * @param analyzer {@code local} or {@code openai}
 * @param openai provider, model and key when the analyzer is {@code openai}, else null
 * @param rateLimit requests and tokens per minute per workspace
 */
public record Plan(
    String name, String analyzer, @Nullable OpenAiSettings openai, RateLimit rateLimit)
    implements Serializable {

  public static final String LOCAL = "local";
  public static final String OPENAI = "openai";

  public Plan {
    if (name == null || name.isBlank()) {
      throw new IllegalArgumentException("name must not be blank");
    }
    if (!LOCAL.equals(analyzer) && !OPENAI.equals(analyzer)) {
      throw new IllegalArgumentException(
          "analyzer of plan " + name + " must be local or openai, was '" + analyzer + "'");
    }
    if (OPENAI.equals(analyzer) && openai == null) {
      throw new IllegalArgumentException(
          "plan " + name + " uses openai but has no openai settings");
    }
    if (rateLimit == null) {
      throw new IllegalArgumentException("rateLimit must not be null");
    }
  }

  /**
   * Which provider the plan calls: plans with the same provider share its concurrency bound. The
   * local analyzer is one provider; every OpenAI-compatible base URL is another.
   */
  public String provider() {
    return openai == null ? LOCAL : openai.baseUrl().toString();
  }
}
