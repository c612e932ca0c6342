package io.callstream.query.admin.crypto;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * The LLM providers a workspace may bring its own key for, by the name the API uses. Providers
 * without a fixed public endpoint need a base URL.
 */
enum LlmProvider {
  OPENAI("openai", false),
  ANTHROPIC("anthropic", false),
  MISTRAL("mistral", false),
  AZURE_OPENAI("azure-openai", true),
  OPENAI_COMPATIBLE("openai-compatible", true);

  private final String apiName;
  private final boolean needsBaseUrl;

  LlmProvider(String apiName, boolean needsBaseUrl) {
    this.apiName = apiName;
    this.needsBaseUrl = needsBaseUrl;
  }

  /** The provider named {@code name} in the API, or empty. */
  static Optional<LlmProvider> of(String name) {
    String wanted = name.strip().toLowerCase(Locale.ROOT);
    return Arrays.stream(values()).filter(p -> p.apiName.equals(wanted)).findFirst();
  }

  /** Every name the API accepts, for error messages. */
  static String names() {
    return Arrays.stream(values()).map(LlmProvider::apiName).collect(Collectors.joining(", "));
  }

  String apiName() {
    return apiName;
  }

  boolean needsBaseUrl() {
    return needsBaseUrl;
  }
}
