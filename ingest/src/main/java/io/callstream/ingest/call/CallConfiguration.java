package io.callstream.ingest.call;

import io.callstream.ingest.kafka.EventPublisher;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The call lifecycle beyond creation. */
@Configuration(proxyBeanMethods = false)
class CallConfiguration {

  @Bean
  CallEnding callEnding(CallRepository calls, EventPublisher events, CallAudio audio) {
    return new CallEnding(calls, events, audio);
  }
}
