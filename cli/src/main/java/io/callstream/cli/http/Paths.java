package io.callstream.cli.http;

import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Objects;

/** URLs of the API's routes, with every id percent-encoded as one path segment. */
public final class Paths {

  private Paths() {}

  /** {@code base} + {@code /v1/workspaces/{workspace}} + each of {@code segments}. */
  public static URI workspace(URI base, String workspace, String... segments) {
    Objects.requireNonNull(base, "base must not be null");
    StringBuilder path = new StringBuilder("/v1/workspaces/").append(segment(workspace));
    for (String part : segments) {
      path.append('/').append(segment(part));
    }
    return join(base, path.toString());
  }

  /** {@code base} with {@code path} (which starts with a slash) appended to its own path. */
  public static URI join(URI base, String path) {
    String root = base.toString();
    while (root.endsWith("/")) {
      root = root.substring(0, root.length() - 1);
    }
    return URI.create(root + path);
  }

  private static String segment(String value) {
    Objects.requireNonNull(value, "a path segment must not be null");
    return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
  }
}
