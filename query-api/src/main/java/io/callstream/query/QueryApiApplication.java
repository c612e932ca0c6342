package io.callstream.query;

import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.builder.SpringApplicationBuilder;

/** The query API: results from Kafka into PostgreSQL, served over REST and SSE. */
@SpringBootApplication
public class QueryApiApplication {

  /**
   * Its own configuration file name, so both services can share one class path in the standalone
   * process.
   */
  public static final String CONFIG_NAME = "query-api";

  public static void main(String[] args) {
    application().run(args);
  }

  public static SpringApplicationBuilder application() {
    return new SpringApplicationBuilder(QueryApiApplication.class)
        .properties("spring.config.name=" + CONFIG_NAME);
  }
}
