/**
 * Plaintext result documents: what a mindmap and an insight say, before encryption and after
 * decryption. The events in {@code io.callstream.core.event} carry them only as ciphertext.
 * Immutable and thread-safe; non-null unless marked {@code @Nullable}.
 */
@NullMarked
package io.callstream.core.result;

import org.jspecify.annotations.NullMarked;
