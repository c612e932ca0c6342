/**
 * Encryption at rest: a {@link io.callstream.core.crypto.MasterKey} wraps one Tink keyset per
 * workspace ({@link io.callstream.core.crypto.WorkspaceKeyring}, persisted through a {@link
 * io.callstream.core.crypto.KeysetStore}), and {@link io.callstream.core.crypto.FieldCipher}
 * encrypts call content with associated data that binds each ciphertext to its workspace, call and
 * {@link io.callstream.core.crypto.Field}. Destroying a workspace's keyset makes all of its
 * ciphertext unreadable (crypto-shredding). Search over encrypted text goes through a {@link
 * io.callstream.core.crypto.BlindIndex} of {@link io.callstream.core.crypto.SearchTokens}, keyed
 * per workspace by a {@link io.callstream.core.crypto.SearchKeyring} apart from the encryption
 * keys.
 *
 * <p>Everything here is non-null unless marked {@code @Nullable}. Exceptions thrown from this
 * package name workspaces, calls, fields and files, never plaintext or key material.
 */
@NullMarked
package io.callstream.core.crypto;

import org.jspecify.annotations.NullMarked;
