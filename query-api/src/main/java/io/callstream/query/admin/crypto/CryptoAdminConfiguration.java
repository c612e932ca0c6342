package io.callstream.query.admin.crypto;

import io.callstream.api.audit.AuditLog;
import io.callstream.api.tenancy.WorkspaceScope;
import io.callstream.core.crypto.FieldCipher;
import io.callstream.core.crypto.IntegrationKeyring;
import io.callstream.core.crypto.WorkspaceKeyring;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.r2dbc.core.DatabaseClient;

/**
 * The key administration services. {@code callstream.crypto.reencrypt-batch} is how many rows one
 * re-encryption transaction moves.
 */
@Configuration(proxyBeanMethods = false)
class CryptoAdminConfiguration {

  @Bean
  KeyRotation keyRotation(WorkspaceKeyring keyring, WorkspaceScope scope, AuditLog audit) {
    return new KeyRotation(keyring, scope, audit);
  }

  @Bean
  ReEncryption reEncryption(
      DatabaseClient db,
      WorkspaceScope scope,
      WorkspaceKeyring keyring,
      FieldCipher cipher,
      AuditLog audit,
      @Value("${callstream.crypto.reencrypt-batch:200}") int batchSize) {
    return new ReEncryption(db, scope, keyring, cipher, audit, batchSize);
  }

  @Bean
  LlmIntegrations llmIntegrations(
      DatabaseClient db, WorkspaceScope scope, IntegrationKeyring keyring, AuditLog audit) {
    return new LlmIntegrations(db, scope, keyring, audit);
  }
}
