package io.callstream.analyzer.openai;

import com.fasterxml.jackson.databind.JsonNode;
import com.openai.client.OpenAIClientAsync;
import com.openai.core.RequestOptions;
import com.openai.models.chat.completions.ChatCompletion;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import com.openai.models.chat.completions.ChatCompletionMessage;
import io.callstream.analyzer.Analyzer;
import io.callstream.analyzer.AnalyzerException;
import io.callstream.analyzer.ChunkFindings;
import io.callstream.analyzer.ChunkRequest;
import io.callstream.analyzer.Synthesis;
import io.callstream.analyzer.SynthesisRequest;
import io.callstream.analyzer.TokenUsage;
import io.callstream.core.token.TokenCounter;
import java.time.Clock;
import java.util.concurrent.CompletableFuture;
import org.jspecify.annotations.Nullable;

/**
 * The {@code openai} analyzer: one chat completion per chunk with structured outputs (strict JSON
 * Schema of our result), through the OpenAI SDK's async client. Every answer is checked against the
 * schema; a bad one gets exactly one repair request (the bad answer sent back with what is wrong),
 * and a second bad one fails with {@code MALFORMED_OUTPUT}.
 *
 * <p>The SDK's own retries are off: the dispatcher retries, so it can honour {@code Retry-After}
 * across workspaces. Each HTTP request has the settings' timeout. Futures fail with {@link
 * AnalyzerException} itself, not wrapped. Thread-safe; {@link #close()} releases the HTTP client.
 */
public final class OpenAiAnalyzer implements Analyzer {

  private final OpenAiSettings settings;
  private final OpenAIClientAsync client;
  private final RequestOptions options;
  private final Clock clock;

  private OpenAiAnalyzer(OpenAiSettings settings, Clock clock) {
    this.settings = settings;
    this.clock = clock;
    this.client =
        OpenAiClients.create(settings.baseUrl(), settings.apiKey(), settings.requestTimeout());
    this.options = RequestOptions.builder().timeout(settings.requestTimeout()).build();
  }

  public static OpenAiAnalyzer create(OpenAiSettings settings) {
    if (settings == null) {
      throw new IllegalArgumentException("settings must not be null");
    }
    return new OpenAiAnalyzer(settings, Clock.systemUTC());
  }

  @Override
  public String name() {
    return "openai";
  }

  @Override
  public CompletableFuture<ChunkFindings> analyze(ChunkRequest chunk) {
    if (chunk == null) {
      throw new IllegalArgumentException("chunk must not be null");
    }
    PromptFormat.Prompt prompt = PromptFormat.chunk(chunk);
    return ask(
        prompt,
        ResultSchema.CHUNK,
        (json, usage) -> AnswerReader.chunkFindings(json, prompt, usage));
  }

  @Override
  public CompletableFuture<Synthesis> synthesize(SynthesisRequest call) {
    if (call == null) {
      throw new IllegalArgumentException("call must not be null");
    }
    PromptFormat.Prompt prompt = PromptFormat.synthesis(call);
    return ask(
        prompt,
        ResultSchema.SYNTHESIS,
        (json, usage) -> AnswerReader.synthesis(json, prompt, usage));
  }

  @Override
  public void close() {
    client.close();
  }

  @Override
  public String toString() {
    return "OpenAiAnalyzer[" + settings + "]";
  }

  /** Reads a checked answer into a result; throws {@link IllegalArgumentException} if it cannot. */
  private interface Reader<T> {
    T read(JsonNode json, TokenUsage usage);
  }

  /** A result, or what is wrong with the answer. */
  private record Outcome<T>(@Nullable T value, String problem) {}

  private <T> CompletableFuture<T> ask(
      PromptFormat.Prompt prompt, ResultSchema schema, Reader<T> reader) {
    ChatCompletionCreateParams first = request(prompt, schema).build();
    CompletableFuture<T> answered =
        send(first)
            .thenCompose(
                answer -> {
                  String content = content(answer);
                  TokenUsage usage = usage(answer, prompt, content);
                  Outcome<T> outcome = read(content, schema, reader, usage);
                  if (outcome.value() != null) {
                    return CompletableFuture.completedFuture(outcome.value());
                  }
                  ChatCompletionCreateParams repair =
                      request(prompt, schema)
                          .addAssistantMessage(content == null ? "" : content)
                          .addUserMessage(PromptFormat.repair(outcome.problem()))
                          .build();
                  return send(repair)
                      .thenApply(
                          second -> {
                            String repaired = content(second);
                            TokenUsage total = usage.plus(usage(second, prompt, repaired));
                            Outcome<T> again = read(repaired, schema, reader, total);
                            if (again.value() == null) {
                              throw new AnalyzerException(
                                  AnalyzerException.Kind.MALFORMED_OUTPUT,
                                  "answer does not match "
                                      + schema.name()
                                      + " after one repair: "
                                      + again.problem(),
                                  null,
                                  null);
                            }
                            return again.value();
                          });
                });
    CompletableFuture<T> result = new CompletableFuture<>();
    answered.whenComplete(
        (value, failure) -> {
          if (failure == null) {
            result.complete(value);
          } else {
            result.completeExceptionally(Failures.of(failure, clock));
          }
        });
    return result;
  }

  private ChatCompletionCreateParams.Builder request(
      PromptFormat.Prompt prompt, ResultSchema schema) {
    return ChatCompletionCreateParams.builder()
        .model(settings.model())
        .addSystemMessage(prompt.system())
        .addUserMessage(prompt.user())
        .responseFormat(schema.responseFormat());
  }

  private CompletableFuture<ChatCompletion> send(ChatCompletionCreateParams params) {
    try {
      return client.chat().completions().create(params, options);
    } catch (RuntimeException e) {
      return CompletableFuture.failedFuture(e);
    }
  }

  /**
   * The answer's text; a refusal is the provider declining the request, which a retry won't fix.
   */
  private static @Nullable String content(ChatCompletion answer) {
    if (answer.choices().isEmpty()) {
      return null;
    }
    ChatCompletionMessage message = answer.choices().get(0).message();
    if (message.refusal().isPresent()) {
      throw new AnalyzerException(
          AnalyzerException.Kind.REJECTED, "model refused: " + message.refusal().get(), null, null);
    }
    return message.content().orElse(null);
  }

  /**
   * Usage as the provider reports it; counted with o200k when a compatible server leaves it out.
   */
  private static TokenUsage usage(
      ChatCompletion answer, PromptFormat.Prompt prompt, @Nullable String content) {
    return answer
        .usage()
        .map(usage -> new TokenUsage(usage.promptTokens(), usage.completionTokens(), 1))
        .orElseGet(
            () ->
                new TokenUsage(
                    TokenCounter.o200k().count(prompt.system() + "\n" + prompt.user()),
                    content == null ? 0 : TokenCounter.o200k().count(content),
                    1));
  }

  private static <T> Outcome<T> read(
      @Nullable String content, ResultSchema schema, Reader<T> reader, TokenUsage usage) {
    ResultSchema.Checked checked = schema.check(content);
    JsonNode json = checked.json();
    if (json == null) {
      return new Outcome<>(null, checked.problem());
    }
    try {
      return new Outcome<>(reader.read(json, usage), "");
    } catch (IllegalArgumentException e) {
      return new Outcome<>(null, String.valueOf(e.getMessage()));
    }
  }
}
