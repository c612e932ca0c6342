package io.callstream.ingest;

import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.builder.SpringApplicationBuilder;

/** The ingest service: transcripts, live feeds and audio into Kafka. */
@SpringBootApplication
public class IngestApplication {

  /**
   * Its own configuration file name, so both services can share one class path in the standalone
   * process.
   */
  public static final String CONFIG_NAME = "ingest";

  public static void main(String[] args) {
    application().run(args);
  }

  public static SpringApplicationBuilder application() {
    return new SpringApplicationBuilder(IngestApplication.class)
        .properties("spring.config.name=" + CONFIG_NAME);
  }
}
