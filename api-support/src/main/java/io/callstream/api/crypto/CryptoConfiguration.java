package io.callstream.api.crypto;

import io.callstream.core.crypto.FieldCipher;
import io.callstream.core.crypto.FileKeysetStore;
import io.callstream.core.crypto.MasterKey;
import io.callstream.core.crypto.WorkspaceKeyring;
import java.nio.file.Path;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * One keyring per service: the master key from {@code CALLSTREAM_MASTER_KEY} wraps the workspace
 * keysets kept under {@code CALLSTREAM_KEYSET_DIR}.
 */
@Configuration(proxyBeanMethods = false)
public class CryptoConfiguration {

  @Bean
  WorkspaceKeyring workspaceKeyring(
      @Value("${callstream.crypto.master-key:file:data/keys/master.keyset.json}") String masterKey,
      @Value("${callstream.crypto.keyset-dir:data/keys/workspaces}") String keysetDir) {
    return WorkspaceKeyring.of(
        MasterKey.fromUri(masterKey), FileKeysetStore.of(Path.of(keysetDir)));
  }

  @Bean
  FieldCipher fieldCipher(WorkspaceKeyring keyring) {
    return FieldCipher.of(keyring);
  }
}
