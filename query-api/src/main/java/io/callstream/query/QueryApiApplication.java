package io.callstream.query;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/** The query API: results from Kafka into PostgreSQL, served over REST and SSE. */
@SpringBootApplication
public class QueryApiApplication {

  public static void main(String[] args) {
    SpringApplication.run(QueryApiApplication.class, args);
  }
}
