package io.callstream.api.crypto;

import io.callstream.core.crypto.BlindIndex;
import io.callstream.core.crypto.FieldCipher;
import io.callstream.core.crypto.FileKeysetStore;
import io.callstream.core.crypto.IntegrationKeyring;
import io.callstream.core.crypto.MasterKey;
import io.callstream.core.crypto.SearchKeyring;
import io.callstream.core.crypto.WorkspaceKeyring;
import java.nio.file.Path;
import java.time.Duration;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Lazy;

/**
 * One keyring per service: the master key from {@code CALLSTREAM_MASTER_KEY} wraps the workspace
 * keysets kept under {@code CALLSTREAM_KEYSET_DIR}, and the search keysets of the blind index kept
 * apart, in {@code callstream.crypto.search-keyset-dir} (by default {@code search-keysets} beside
 * the keyset directory), and the integration keysets that encrypt workspaces' own provider keys
 * apart again, in {@code callstream.crypto.integration-keyset-dir} ({@code
 * CALLSTREAM_CRYPTO_INTEGRATION_KEYSET_DIR}; by default {@code integration-keysets} beside the
 * keyset directory). A cached workspace keyset is checked against its directory every {@code
 * callstream.crypto.keyset-max-age} (one minute): after another process rotated the keys, this one
 * encrypts under the new primary key within that time, and decrypts data under it at once.
 */
@Configuration(proxyBeanMethods = false)
public class CryptoConfiguration {

  /** The name of the default search keyset directory, a sibling of the keyset directory. */
  static final String SEARCH_KEYSET_DIR = "search-keysets";

  /** The name of the default integration keyset directory, a sibling of the keyset directory. */
  static final String INTEGRATION_KEYSET_DIR = "integration-keysets";

  @Bean
  MasterKey masterKey(
      @Value("${callstream.crypto.master-key:file:data/keys/master.keyset.json}") String uri) {
    return MasterKey.fromUri(uri);
  }

  @Bean
  WorkspaceKeyring workspaceKeyring(
      MasterKey masterKey,
      @Value("${callstream.crypto.keyset-dir:data/keys/workspaces}") String keysetDir,
      @Value("${callstream.crypto.keyset-max-age:1m}") Duration maxAge) {
    return WorkspaceKeyring.of(masterKey, FileKeysetStore.of(Path.of(keysetDir)), maxAge);
  }

  @Bean
  FieldCipher fieldCipher(WorkspaceKeyring keyring) {
    return FieldCipher.of(keyring);
  }

  /** Lazy: only a service that indexes or searches transcripts creates its directory. */
  @Bean
  @Lazy
  SearchKeyring searchKeyring(
      MasterKey masterKey,
      @Value("${callstream.crypto.keyset-dir:data/keys/workspaces}") String keysetDir,
      @Value("${callstream.crypto.search-keyset-dir:}") String searchKeysetDir) {
    return SearchKeyring.of(
        masterKey, FileKeysetStore.of(directory(searchKeysetDir, keysetDir, SEARCH_KEYSET_DIR)));
  }

  /** Lazy: only a service that stores integration secrets creates its directory. */
  @Bean
  @Lazy
  IntegrationKeyring integrationKeyring(
      MasterKey masterKey,
      @Value("${callstream.crypto.keyset-dir:data/keys/workspaces}") String keysetDir,
      @Value("${callstream.crypto.integration-keyset-dir:}") String integrationKeysetDir) {
    return IntegrationKeyring.of(
        masterKey,
        FileKeysetStore.of(directory(integrationKeysetDir, keysetDir, INTEGRATION_KEYSET_DIR)));
  }

  /** {@code configured}, or when blank the sibling {@code name} of the keyset directory. */
  private static Path directory(String configured, String keysetDir, String name) {
    return configured.isBlank()
        ? Path.of(keysetDir).toAbsolutePath().normalize().resolveSibling(name)
        : Path.of(configured);
  }

  @Bean
  @Lazy
  BlindIndex blindIndex(SearchKeyring keyring) {
    return BlindIndex.of(keyring);
  }
}
