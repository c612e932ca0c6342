/**
 * The event contracts of callstream: one immutable record per CloudEvents type, the {@link
 * io.callstream.core.event.EventType} catalogue that ties each to its topic and JSON Schema, and
 * {@link io.callstream.core.event.EventJson}, the one JSON form of their {@code data}.
 *
 * <p>Everything here is non-null unless marked {@code @Nullable}. All types are immutable and
 * thread-safe. Fields that hold call content (audio, transcript text, mindmaps, insights,
 * summaries) are {@link io.callstream.core.event.Ciphertext}: this package carries them opaquely
 * and never decrypts.
 */
@NullMarked
package io.callstream.core.event;

import org.jspecify.annotations.NullMarked;
