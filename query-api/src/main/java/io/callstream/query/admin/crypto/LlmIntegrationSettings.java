package io.callstream.query.admin.crypto;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpStatus;
import org.springframework.web.server.ResponseStatusException;

/**
 * A checked {@link LlmIntegrationRequest}: a known provider, an endpoint that is a plain {@code
 * https} URL (or {@code http} on this machine, for local models) without credentials in it, a model
 * name without odd characters, and a key that looks like one. Anything else is a 400 whose detail
 * never repeats the key.
 *
 * @param provider the provider
 * @param apiKey the new key, or null to keep the stored one
 * @param baseUrl the endpoint, or null for the provider's own
 * @param model the model, or null for the analyzer's default
 */
record LlmIntegrationSettings(
    LlmProvider provider,
    @Nullable String apiKey,
    @Nullable String baseUrl,
    @Nullable String model) {

  static final int MAX_KEY_LENGTH = 1024;
  static final int MAX_URL_LENGTH = 2048;
  static final int MAX_MODEL_LENGTH = 200;

  private static final Pattern KEY = Pattern.compile("[\\x21-\\x7e]+");
  private static final Pattern MODEL = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._:/@+-]*");
  private static final Set<String> LOCAL_HOSTS = Set.of("localhost", "127.0.0.1", "[::1]");

  /** The settings of {@code request}, or a 400 saying what is wrong. */
  static LlmIntegrationSettings of(LlmIntegrationRequest request) {
    if (request.provider() == null || request.provider().isBlank()) {
      throw badRequest("provider is required: one of " + LlmProvider.names());
    }
    LlmProvider provider =
        LlmProvider.of(request.provider())
            .orElseThrow(() -> badRequest("provider must be one of " + LlmProvider.names()));
    String baseUrl = blankToNull(request.baseUrl());
    if (baseUrl == null && provider.needsBaseUrl()) {
      throw badRequest("baseUrl is required for provider " + provider.apiName());
    }
    if (baseUrl != null) {
      checkBaseUrl(baseUrl);
    }
    String model = blankToNull(request.model());
    if (model != null && (model.length() > MAX_MODEL_LENGTH || !MODEL.matcher(model).matches())) {
      throw badRequest(
          "model must be at most "
              + MAX_MODEL_LENGTH
              + " letters, digits and . _ : / @ + -, starting with a letter or digit");
    }
    String apiKey = request.apiKey();
    if (apiKey != null) {
      if (apiKey.length() < ApiKeyHint.MIN_KEY_LENGTH
          || apiKey.length() > MAX_KEY_LENGTH
          || !KEY.matcher(apiKey).matches()) {
        throw badRequest(
            "apiKey must be "
                + ApiKeyHint.MIN_KEY_LENGTH
                + " to "
                + MAX_KEY_LENGTH
                + " printable characters without spaces");
      }
    }
    return new LlmIntegrationSettings(provider, apiKey, baseUrl, model);
  }

  private static void checkBaseUrl(String baseUrl) {
    String rule =
        "baseUrl must be an https URL (http only for localhost) without user info or fragment";
    if (baseUrl.length() > MAX_URL_LENGTH) {
      throw badRequest("baseUrl must be at most " + MAX_URL_LENGTH + " characters");
    }
    URI uri;
    try {
      uri = new URI(baseUrl);
    } catch (URISyntaxException e) {
      throw badRequest(rule);
    }
    String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
    String host = uri.getHost() == null ? "" : uri.getHost().toLowerCase(Locale.ROOT);
    boolean schemeAllowed =
        scheme.equals("https") || (scheme.equals("http") && LOCAL_HOSTS.contains(host));
    if (!uri.isAbsolute()
        || host.isEmpty()
        || !schemeAllowed
        || uri.getRawUserInfo() != null
        || uri.getRawFragment() != null) {
      throw badRequest(rule);
    }
  }

  private static @Nullable String blankToNull(@Nullable String value) {
    return value == null || value.isBlank() ? null : value.strip();
  }

  private static ResponseStatusException badRequest(String detail) {
    return new ResponseStatusException(HttpStatus.BAD_REQUEST, detail);
  }

  @Override
  public String toString() {
    return "LlmIntegrationSettings[provider="
        + provider.apiName()
        + ", apiKey="
        + (apiKey == null ? "unchanged" : "(hidden)")
        + ", baseUrl="
        + baseUrl
        + ", model="
        + model
        + "]";
  }
}
