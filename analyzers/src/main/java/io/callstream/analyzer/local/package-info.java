/**
 * The {@code local} analyzer: offline, no key, no network. Sentence embeddings from a model in a
 * Maven Central jar segment a chunk into topics; key phrases label them; English rules find action
 * items, decisions, questions, objections, risks and next steps. Extractive and modest: it never
 * pretends to be an LLM. Everything is non-null unless marked {@code @Nullable}.
 */
@NullMarked
package io.callstream.analyzer.local;

import org.jspecify.annotations.NullMarked;
