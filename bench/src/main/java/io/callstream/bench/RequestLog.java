package io.callstream.bench;

import io.callstream.llmtest.Fault;
import io.callstream.llmtest.RecordedRequest;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Figures from the requests the OpenAI test server recorded: what the provider saw of a run.
 *
 * @param requests the run's requests, in arrival order
 */
record RequestLog(List<RecordedRequest> requests) {

  /** The response schema of the final synthesis; every other chat request analyzes a chunk. */
  static final String SYNTHESIS_SCHEMA = "call_synthesis";

  RequestLog {
    requests = List.copyOf(requests);
  }

  /** The requests from index {@code from} of the server's log on. */
  static RequestLog since(List<RecordedRequest> all, int from) {
    return new RequestLog(all.subList(from, all.size()));
  }

  /** Chunk analyses (repairs included) answered {@code answer}. */
  List<RecordedRequest> chunkRequests(Fault answer) {
    return requests.stream()
        .filter(request -> !SYNTHESIS_SCHEMA.equals(request.schemaName()))
        .filter(request -> request.answer() == answer)
        .toList();
  }

  long count(Fault answer) {
    return requests.stream().filter(request -> request.answer() == answer).count();
  }

  /**
   * The steady state of chunk requests answered {@code answer}: the middle 80% of them, so the
   * ramp-up and the tail of the last calls do not count. Empty for fewer than 10.
   */
  Optional<Window> steady(Fault answer) {
    List<Instant> times =
        chunkRequests(answer).stream().map(RecordedRequest::receivedAt).sorted().toList();
    int n = times.size();
    int first = n / 10;
    int last = n - 1 - n / 10;
    if (n < 10 || !times.get(last).isAfter(times.get(first))) {
      return Optional.empty();
    }
    return Optional.of(new Window(times.get(first), times.get(last), last - first));
  }

  /** Requests per second in steady state; NaN for fewer than 10. */
  double steadyRate(Fault answer) {
    return steady(answer).map(Window::rate).orElse(Double.NaN);
  }

  /**
   * A span of a run.
   *
   * @param from when the first of its requests arrived
   * @param to when the last arrived
   * @param requests the requests after the first, up to and including the last
   */
  record Window(Instant from, Instant to, int requests) {

    double rate() {
      return requests / seconds(Duration.between(from, to));
    }
  }

  Instant first() {
    return requests.stream()
        .map(RecordedRequest::receivedAt)
        .min(Instant::compareTo)
        .orElseThrow(() -> new IllegalStateException("no requests"));
  }

  static double seconds(Duration duration) {
    return duration.toNanos() / 1e9;
  }
}
