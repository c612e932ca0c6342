package io.callstream.standalone;

import static org.assertj.core.api.Assertions.assertThat;

import io.callstream.llmtest.OpenAiTestServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * JUnit Jupiter extension that gives the test classes of a JVM one running packaged standalone, for
 * tests that need callstream up but not a fresh one: starting one takes about a minute. It starts
 * when a test first asks for a {@link Running} parameter, with an OpenAI-compatible test server as
 * its speech-to-text server, and stops after the JVM's last test (it lives in the root context's
 * store). Tests share its one workspace, so each works on calls of its own. Tests that restart the
 * standalone or read its data directory start their own {@link StandaloneChild}.
 */
final class SharedStandalone implements ParameterResolver {

  private static final ExtensionContext.Namespace NAMESPACE =
      ExtensionContext.Namespace.create(SharedStandalone.class);

  /** Hang guards only: the build machines are small and shared. */
  private static final Duration START_DEADLINE = Duration.ofMinutes(4);

  private static final Duration STOP_DEADLINE = Duration.ofMinutes(1);

  /**
   * The running standalone: its environment (ports), the workspace and Owner key of its first
   * start, and the test server it transcribes with.
   */
  record Running(
      StandaloneChild child,
      Map<String, String> env,
      String workspace,
      String ownerKey,
      OpenAiTestServer transcriber,
      Path dataDirectory)
      implements AutoCloseable {

    URI queryUrl() {
      return URI.create("http://localhost:" + env.get("CALLSTREAM_QUERY_PORT"));
    }

    URI ingestUrl() {
      return URI.create("http://localhost:" + env.get("CALLSTREAM_INGEST_PORT"));
    }

    /**
     * Stops the standalone the way Ctrl-C does, so that it stops its PostgreSQL server (a process
     * of its own that outlives a killed parent), then deletes its data.
     */
    @Override
    public void close() throws IOException, InterruptedException {
      try {
        child.interrupt();
        child.awaitExit(STOP_DEADLINE);
      } finally {
        child.close();
        transcriber.close();
        try (Stream<Path> files = Files.walk(dataDirectory)) {
          for (Path file : files.sorted(Comparator.reverseOrder()).toList()) {
            Files.deleteIfExists(file);
          }
        }
      }
    }
  }

  @Override
  public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
    return parameter.getParameter().getType() == Running.class;
  }

  @Override
  public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
    return context
        .getRoot()
        .getStore(NAMESPACE)
        .computeIfAbsent(Running.class, key -> start(), Running.class);
  }

  private static Running start() {
    OpenAiTestServer transcriber = OpenAiTestServer.builder().start();
    try {
      Path dataDirectory = Files.createTempDirectory("callstream-shared-standalone");
      Map<String, String> env = StandaloneChild.environment(dataDirectory);
      env.put("CALLSTREAM_TRANSCRIPTION_BASE_URL", transcriber.baseUrl());
      env.put("CALLSTREAM_TRANSCRIPTION_API_KEY", "sk-test");
      StandaloneChild child = StandaloneChild.start(env);
      assertThat(child.awaitUp(START_DEADLINE)).as(child.output()).isTrue();
      return new Running(
          child,
          env,
          child.workspaceId().orElseThrow(() -> new AssertionError(child.output())),
          child.ownerKey().orElseThrow(() -> new AssertionError(child.output())),
          transcriber,
          dataDirectory);
    } catch (IOException e) {
      transcriber.close();
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      transcriber.close();
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
