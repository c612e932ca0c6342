package io.callstream.cli.http;

import java.net.URI;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Option;

/**
 * Where the APIs are and who is calling: the options every client command shares, each with an
 * environment variable, so a shell that exported them once needs none.
 */
public final class ApiOptions {

  @Option(
      names = "--url",
      paramLabel = "URL",
      defaultValue = "${env:CALLSTREAM_URL:-http://localhost:8080}",
      description = "query API (env CALLSTREAM_URL; default ${DEFAULT-VALUE})")
  URI url = URI.create("http://localhost:8080");

  @Option(
      names = "--ingest-url",
      paramLabel = "URL",
      defaultValue = "${env:CALLSTREAM_INGEST_URL:-http://localhost:8081}",
      description = "ingest (env CALLSTREAM_INGEST_URL; default ${DEFAULT-VALUE})")
  URI ingestUrl = URI.create("http://localhost:8081");

  @Option(
      names = "--key",
      paramLabel = "KEY",
      defaultValue = "${env:CALLSTREAM_API_KEY}",
      description = "API key, cs_... (env CALLSTREAM_API_KEY)")
  @Nullable String key;

  @Option(
      names = "--workspace",
      paramLabel = "ID",
      defaultValue = "${env:CALLSTREAM_WORKSPACE}",
      description = "workspace id (env CALLSTREAM_WORKSPACE; default: the key's workspace)")
  @Nullable String workspace;

  /** The query API's base URL. */
  public URI url() {
    return url;
  }

  /** Ingest's base URL. */
  public URI ingestUrl() {
    return ingestUrl;
  }

  /** The API key, if one was given. */
  public @Nullable String key() {
    return key;
  }

  /** The workspace, if one was given. */
  public @Nullable String workspace() {
    return workspace;
  }
}
