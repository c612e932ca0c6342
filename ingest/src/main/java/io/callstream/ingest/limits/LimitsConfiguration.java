package io.callstream.ingest.limits;

import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The limits of {@code callstream.ingest.limits.*} and the filter that checks body sizes. */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(IngestLimits.class)
class LimitsConfiguration {

  @Bean
  TranscriptSizeLimit transcriptSizeLimit(IngestLimits limits) {
    return new TranscriptSizeLimit(limits);
  }
}
