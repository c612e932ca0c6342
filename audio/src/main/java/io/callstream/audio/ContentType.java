package io.callstream.audio;

import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import org.jspecify.annotations.Nullable;

/**
 * A parsed media type such as {@code audio/pcm;rate=8000;channels=2}: type and subtype in lower
 * case, parameters by lower-case name. Enough of RFC 2045 for the types audio arrives with; quoted
 * parameter values are unquoted.
 */
record ContentType(String type, String subtype, Map<String, String> parameters) {

  ContentType {
    Objects.requireNonNull(type, "type must not be null");
    Objects.requireNonNull(subtype, "subtype must not be null");
    parameters = Map.copyOf(parameters);
  }

  /** Parses {@code text}, throwing AudioFormatException when it is not {@code type/subtype}. */
  static ContentType parse(@Nullable String text) throws AudioFormatException {
    if (text == null || text.isBlank()) {
      throw new AudioFormatException("the audio has no content type, so no decoder can be chosen");
    }
    String[] parts = text.split(";");
    String essence = parts[0].trim().toLowerCase(Locale.ROOT);
    int slash = essence.indexOf('/');
    if (slash <= 0 || slash == essence.length() - 1 || essence.indexOf('/', slash + 1) >= 0) {
      throw new AudioFormatException("\"" + text + "\" is not a media type like audio/mpeg");
    }
    Map<String, String> parameters = new TreeMap<>();
    for (int i = 1; i < parts.length; i++) {
      String part = parts[i].trim();
      int eq = part.indexOf('=');
      if (eq <= 0) {
        continue;
      }
      String value = part.substring(eq + 1).trim();
      if (value.length() >= 2 && value.startsWith("\"") && value.endsWith("\"")) {
        value = value.substring(1, value.length() - 1);
      }
      parameters.put(part.substring(0, eq).trim().toLowerCase(Locale.ROOT), value);
    }
    return new ContentType(essence.substring(0, slash), essence.substring(slash + 1), parameters);
  }

  /** {@code type/subtype} without parameters. */
  String essence() {
    return type + "/" + subtype;
  }

  /** The parameter as a positive integer, {@code fallback} when absent. */
  int intParameter(String name, int fallback) throws AudioFormatException {
    String value = parameters.get(name);
    if (value == null) {
      return fallback;
    }
    try {
      int parsed = Integer.parseInt(value);
      if (parsed > 0) {
        return parsed;
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    throw new AudioFormatException(
        "the content type " + this + " has " + name + "=" + value + ", not a positive number");
  }

  @Override
  public String toString() {
    StringBuilder out = new StringBuilder(essence());
    parameters.forEach((k, v) -> out.append(';').append(k).append('=').append(v));
    return out.toString();
  }
}
