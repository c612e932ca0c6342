package io.callstream.flink.analyze;

import io.callstream.analyzer.Analyzer;
import io.callstream.analyzer.dispatch.DispatchSettings;
import io.callstream.analyzer.dispatch.Dispatcher;
import io.callstream.analyzer.local.LocalAnalyzer;
import io.callstream.analyzer.openai.OpenAiAnalyzer;
import java.util.HashMap;
import java.util.Map;

/**
 * The analyzers of every plan and one dispatcher per provider, shared by all analysis operators of
 * a job in one JVM (a TaskManager, or the standalone process): the provider's concurrency bound
 * holds for the chunk analysis and the final synthesis together. Reference-counted: the last
 * operator to close closes them. Thread-safe.
 */
public final class Providers implements AutoCloseable {

  private static final Map<Key, Providers> SHARED = new HashMap<>();

  private record Key(Plans plans, DispatchSettings dispatch) {}

  private final Key key;
  private final Map<String, Analyzer> analyzerOfPlan = new HashMap<>();
  private final Map<String, Dispatcher> dispatcherOfProvider = new HashMap<>();
  private int references;

  private Providers(Key key) {
    this.key = key;
    for (Plan plan : key.plans().byName().values()) {
      analyzerOfPlan.put(plan.name(), analyzer(plan));
      dispatcherOfProvider(plan.provider());
    }
  }

  /** The providers of these plans, opened by the first caller in this JVM; close when done. */
  public static Providers acquire(Plans plans, DispatchSettings dispatch) {
    synchronized (SHARED) {
      Providers providers = SHARED.computeIfAbsent(new Key(plans, dispatch), Providers::new);
      providers.references++;
      return providers;
    }
  }

  public Analyzer analyzerOf(String workspaceId) {
    return analyzerOfPlan.get(key.plans().of(workspaceId).name());
  }

  public Dispatcher dispatcherOf(String workspaceId) {
    return dispatcherOfProvider(key.plans().of(workspaceId).provider());
  }

  /**
   * The dispatcher of a provider ({@link Plan#provider()}: the local analyzer, or a base URL),
   * created on first use. Transcription asks for its server's: when that is the analysis provider,
   * both share one concurrency bound and the workspace's plan limit, else each applies its own.
   */
  public synchronized Dispatcher dispatcherOfProvider(String provider) {
    return dispatcherOfProvider.computeIfAbsent(
        provider,
        name ->
            Dispatcher.of(
                Plan.LOCAL.equals(name) ? onCores(key.dispatch()) : key.dispatch(),
                workspaceId -> key.plans().of(workspaceId).rateLimit()));
  }

  @Override
  public void close() {
    synchronized (SHARED) {
      if (--references > 0) {
        return;
      }
      SHARED.remove(key);
    }
    synchronized (this) {
      dispatcherOfProvider.values().forEach(Dispatcher::close);
    }
    analyzerOfPlan.values().forEach(Analyzer::close);
  }

  private static Analyzer analyzer(Plan plan) {
    return plan.openai() == null ? LocalAnalyzer.create() : OpenAiAnalyzer.create(plan.openai());
  }

  /** The local analyzer is bound by CPU, not by a provider's limit. */
  private static DispatchSettings onCores(DispatchSettings settings) {
    return settings.withMaxConcurrency(Runtime.getRuntime().availableProcessors());
  }
}
