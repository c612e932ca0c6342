package io.callstream.bench;

import io.callstream.core.cloudevents.CloudEventCodec;
import io.callstream.core.crypto.Field;
import io.callstream.core.crypto.FieldCipher;
import io.callstream.core.event.Ciphertext;
import io.callstream.core.event.TranscriptSegment;
import io.callstream.core.id.Ids;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Semaphore;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * Segments per second through the whole ingest path (HTTP, API-key check, encryption, Kafka with
 * {@code acks=all}), divided by the rate of the same records produced straight to Kafka with
 * kafka-clients and the same producer settings, in the same process. Goal: a ratio of 0.5 or more.
 *
 * <p>Arguments: {@code [segments per round] [segments per request] [concurrent requests]}.
 */
public final class IngestThroughputBenchmark {

  private static final int ROUNDS = 5;
  private static final int WARM_UP_ROUNDS = 2;

  private IngestThroughputBenchmark() {}

  public static void main(String[] args) throws Exception {
    int segments = args.length > 0 ? Integer.parseInt(args[0]) : 20_000;
    int perRequest = args.length > 1 ? Integer.parseInt(args[1]) : 100;
    int concurrency = args.length > 2 ? Integer.parseInt(args[2]) : 4;
    try (BenchEnvironment env = BenchEnvironment.start()) {
      HttpClient http = HttpClient.newHttpClient();
      FieldCipher cipher = env.ingest().getBean(FieldCipher.class);
      // Warm both paths up (JIT, connections, the workspace keyset) before measuring.
      for (int round = 0; round < WARM_UP_ROUNDS; round++) {
        direct(env, cipher, segments);
        viaHttp(env, http, segments, perRequest, concurrency);
      }
      double[] directRates = new double[ROUNDS];
      double[] httpRates = new double[ROUNDS];
      for (int round = 0; round < ROUNDS; round++) {
        directRates[round] = direct(env, cipher, segments);
        httpRates[round] = viaHttp(env, http, segments, perRequest, concurrency);
        System.out.printf(
            "round %d: direct %.0f segments/s, HTTP %.0f segments/s, ratio %.2f%n",
            round + 1, directRates[round], httpRates[round], httpRates[round] / directRates[round]);
      }
      double direct = median(directRates);
      double viaHttp = median(httpRates);
      System.out.printf(
          "ingest throughput: HTTP+auth+encryption+Kafka %.0f segments/s vs kafka-clients direct"
              + " %.0f segments/s: ratio %.2f (goal >= 0.5); %d segments a round, %d a request,"
              + " %d concurrent requests, median of %d rounds%n",
          viaHttp, direct, viaHttp / direct, segments, perRequest, concurrency, ROUNDS);
    }
  }

  /** The baseline: already-encrypted segment events, produced with ingest's producer settings. */
  private static double direct(BenchEnvironment env, FieldCipher cipher, int count)
      throws Exception {
    String callId = Ids.timeOrdered();
    CloudEventCodec codec = CloudEventCodec.of("bench");
    List<ProducerRecord<byte[], byte[]>> records = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      records.add(
          codec.encode(
              new TranscriptSegment(
                  Ids.timeOrdered(),
                  env.workspaceId(),
                  callId,
                  Instant.now(),
                  Ids.deterministic("segment", callId, i),
                  i,
                  i % 2 == 0 ? "Ann" : "Bob",
                  i * 1000L,
                  i * 1000L + 900,
                  Ciphertext.of(
                      cipher.encryptText(
                          env.workspaceId(), callId, Field.TRANSCRIPT_TEXT, sentence(i))),
                  true)));
    }
    Map<String, Object> config =
        Map.of(
            ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
            env.bootstrapServers(),
            ProducerConfig.ACKS_CONFIG,
            "all",
            ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG,
            true,
            ProducerConfig.LINGER_MS_CONFIG,
            5);
    try (var producer =
        new KafkaProducer<>(config, new ByteArraySerializer(), new ByteArraySerializer())) {
      producer.partitionsFor(records.get(0).topic());
      long start = System.nanoTime();
      List<CompletableFuture<Void>> acks = new ArrayList<>(count);
      for (ProducerRecord<byte[], byte[]> record : records) {
        CompletableFuture<Void> ack = new CompletableFuture<>();
        producer.send(
            record,
            (metadata, failure) -> {
              if (failure == null) {
                ack.complete(null);
              } else {
                ack.completeExceptionally(failure);
              }
            });
        acks.add(ack);
      }
      CompletableFuture.allOf(acks.toArray(CompletableFuture[]::new)).join();
      return count / seconds(start);
    }
  }

  /** The measured path: JSON transcripts posted to ingest, {@code concurrency} at a time. */
  private static double viaHttp(
      BenchEnvironment env, HttpClient http, int count, int perRequest, int concurrency)
      throws Exception {
    int requests = count / perRequest;
    List<String> calls = new ArrayList<>(requests);
    for (int i = 0; i < requests; i++) {
      calls.add(env.createCall(http));
    }
    String body = transcript(perRequest);
    Semaphore inFlight = new Semaphore(concurrency);
    List<CompletableFuture<HttpResponse<String>>> answers = new ArrayList<>(requests);
    long start = System.nanoTime();
    for (String callId : calls) {
      inFlight.acquire();
      HttpRequest request =
          HttpRequest.newBuilder(
                  env.ingestUrl()
                      .resolve(
                          "/v1/workspaces/"
                              + env.workspaceId()
                              + "/calls/"
                              + callId
                              + "/transcript"))
              .header("Authorization", env.bearer())
              .header("Content-Type", "application/json")
              .POST(HttpRequest.BodyPublishers.ofString(body))
              .build();
      answers.add(
          http.sendAsync(request, HttpResponse.BodyHandlers.ofString())
              .whenComplete((answer, failure) -> inFlight.release()));
    }
    CompletableFuture.allOf(answers.toArray(CompletableFuture[]::new)).join();
    double rate = (double) requests * perRequest / seconds(start);
    for (CompletableFuture<HttpResponse<String>> answer : answers) {
      if (answer.join().statusCode() != 202) {
        throw new IllegalStateException("ingest answered " + answer.join().body());
      }
    }
    return rate;
  }

  private static String transcript(int segments) {
    List<String> json = new ArrayList<>(segments);
    for (int i = 0; i < segments; i++) {
      json.add(
          String.format(
              "{\"speaker\":\"%s\",\"startMs\":%d,\"endMs\":%d,\"text\":\"%s\"}",
              i % 2 == 0 ? "Ann" : "Bob", i * 1000L, i * 1000L + 900, sentence(i)));
    }
    return "{\"segments\":[" + String.join(",", json) + "]}";
  }

  /** A sentence of typical length (about 12 words), different for every segment. */
  private static String sentence(int i) {
    return "So for item " + i + " we agreed to send the revised proposal to the client by Friday.";
  }

  private static double seconds(long startNanos) {
    return (System.nanoTime() - startNanos) / 1e9;
  }

  private static double median(double[] values) {
    double[] sorted = values.clone();
    Arrays.sort(sorted);
    return sorted[sorted.length / 2];
  }
}
