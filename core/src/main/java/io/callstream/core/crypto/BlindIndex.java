package io.callstream.core.crypto;

import com.google.crypto.tink.prf.PrfSet;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A keyed blind index of the {@link SearchTokens} of each workspace: each token becomes the first
 * {@value #TOKEN_BYTES} bytes of HMAC-SHA256 under the workspace's search key ({@link
 * SearchKeyring}), as one signed 64-bit number. A store can then match query tokens against stored
 * ones by equality without holding either word; equal words give equal numbers only within one
 * workspace.
 *
 * <p>64 bits make a false match of two different tokens a 2<sup>-64</sup> chance per pair: with a
 * million distinct tokens in a workspace, a query token matches some other token with probability
 * about 10<sup>6</sup>&thinsp;/&thinsp;2<sup>64</sup> &asymp; 5&middot;10<sup>-14</sup>. Callers
 * that decrypt their hits re-check them against the plaintext all the same.
 *
 * <p>Thread-safe. The first use of a workspace may block on the {@link KeysetStore}; callers on an
 * event loop should call from elsewhere.
 */
public final class BlindIndex {

  /** The bytes of HMAC output kept per token: a PostgreSQL {@code bigint}. */
  public static final int TOKEN_BYTES = Long.BYTES;

  private final SearchKeyring keyring;

  private BlindIndex(SearchKeyring keyring) {
    this.keyring = keyring;
  }

  /** An index that takes each workspace's key from {@code keyring}. */
  public static BlindIndex of(SearchKeyring keyring) {
    Objects.requireNonNull(keyring, "keyring must not be null");
    return new BlindIndex(keyring);
  }

  /**
   * The blind tokens of the distinct tokens of {@code text}, sorted by value (so their order tells
   * nothing of the word order), creating the workspace's search key on first use.
   *
   * @throws KeyringException if the search keyset cannot be created or unwrapped
   */
  public List<Long> index(String workspaceId, String text) {
    Objects.requireNonNull(text, "text must not be null");
    return blind(workspaceId, keyring.prfForIndexing(workspaceId), SearchTokens.of(text));
  }

  /**
   * The blind tokens of the tokens of {@code query}, sorted by value; empty when nothing of the
   * workspace can match: {@code query} has no tokens, or the workspace never indexed anything (no
   * search key is created for a query).
   *
   * @throws KeyringException if the search keyset cannot be unwrapped
   */
  public Optional<List<Long>> lookup(String workspaceId, String query) {
    Objects.requireNonNull(query, "query must not be null");
    List<String> tokens = SearchTokens.of(query);
    if (tokens.isEmpty()) {
      return Optional.empty();
    }
    return keyring.prfForLookup(workspaceId).map(prf -> blind(workspaceId, prf, tokens));
  }

  private static List<Long> blind(String workspaceId, PrfSet prf, List<String> tokens) {
    long[] blinded = new long[tokens.size()];
    try {
      for (int i = 0; i < blinded.length; i++) {
        byte[] mac =
            prf.computePrimary(tokens.get(i).getBytes(StandardCharsets.UTF_8), TOKEN_BYTES);
        blinded[i] = ByteBuffer.wrap(mac).getLong();
      }
    } catch (GeneralSecurityException e) {
      throw new KeyringException("cannot compute blind tokens for workspace " + workspaceId, e);
    }
    return Arrays.stream(blinded).sorted().distinct().boxed().toList();
  }

  @Override
  public String toString() {
    return "BlindIndex[" + keyring + "]";
  }
}
