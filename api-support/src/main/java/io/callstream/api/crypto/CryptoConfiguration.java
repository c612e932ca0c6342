package io.callstream.api.crypto;

import io.callstream.core.crypto.BlindIndex;
import io.callstream.core.crypto.FieldCipher;
import io.callstream.core.crypto.FileKeysetStore;
import io.callstream.core.crypto.MasterKey;
import io.callstream.core.crypto.SearchKeyring;
import io.callstream.core.crypto.WorkspaceKeyring;
import java.nio.file.Path;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Lazy;

/**
 * One keyring per service: the master key from {@code CALLSTREAM_MASTER_KEY} wraps the workspace
 * keysets kept under {@code CALLSTREAM_KEYSET_DIR}, and the search keysets of the blind index kept
 * apart, in {@code callstream.crypto.search-keyset-dir} (by default {@code search-keysets} beside
 * the keyset directory).
 */
@Configuration(proxyBeanMethods = false)
public class CryptoConfiguration {

  /** The name of the default search keyset directory, a sibling of the keyset directory. */
  static final String SEARCH_KEYSET_DIR = "search-keysets";

  @Bean
  MasterKey masterKey(
      @Value("${callstream.crypto.master-key:file:data/keys/master.keyset.json}") String uri) {
    return MasterKey.fromUri(uri);
  }

  @Bean
  WorkspaceKeyring workspaceKeyring(
      MasterKey masterKey,
      @Value("${callstream.crypto.keyset-dir:data/keys/workspaces}") String keysetDir) {
    return WorkspaceKeyring.of(masterKey, FileKeysetStore.of(Path.of(keysetDir)));
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
    Path directory =
        searchKeysetDir.isBlank()
            ? Path.of(keysetDir).toAbsolutePath().normalize().resolveSibling(SEARCH_KEYSET_DIR)
            : Path.of(searchKeysetDir);
    return SearchKeyring.of(masterKey, FileKeysetStore.of(directory));
  }

  @Bean
  @Lazy
  BlindIndex blindIndex(SearchKeyring keyring) {
    return BlindIndex.of(keyring);
  }
}
