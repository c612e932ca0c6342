/**
 * The {@code openai} analyzer: chat completions with structured outputs through the OpenAI Java
 * SDK, against OpenAI, Azure OpenAI or any OpenAI-compatible server (vLLM, Ollama) by base URL.
 * Answers are validated against our result schemas ({@code schemas/*.schema.json}) and repaired
 * once. Everything is non-null unless marked {@code @Nullable}.
 */
@NullMarked
package io.callstream.analyzer.openai;

import org.jspecify.annotations.NullMarked;
