package io.callstream.ingest.audio;

import io.callstream.api.tenancy.WorkspaceScope;
import io.callstream.core.crypto.FieldCipher;
import io.callstream.ingest.call.CallRepository;
import io.callstream.ingest.kafka.EventPublisher;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.util.unit.DataSize;

/** Audio uploads: their repository and the service that streams them into Kafka. */
@Configuration(proxyBeanMethods = false)
class AudioConfiguration {

  @Bean
  AudioUploadRepository audioUploadRepository(DatabaseClient db, WorkspaceScope scope) {
    return new AudioUploadRepository(db, scope);
  }

  @Bean
  AudioUploads audioUploads(
      CallRepository calls,
      AudioUploadRepository uploads,
      FieldCipher cipher,
      EventPublisher events,
      @Value("${callstream.ingest.limits.audio-bytes:4GB}") DataSize limit) {
    return new AudioUploads(calls, uploads, cipher, events, limit.toBytes());
  }
}
