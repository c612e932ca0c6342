package io.callstream.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.callstream.llmtest.Fault;
import io.callstream.llmtest.RecordedRequest;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class RequestLogTest {

  private static final Instant START = Instant.parse("2026-01-01T00:00:00Z");

  @Test
  void shouldMeasureTheSteadyRateOverTheMiddleEightyPercent() {
    List<RecordedRequest> requests = new ArrayList<>();
    // a slow start and a slow tail around 100 requests 10 ms apart
    for (int i = 0; i < 10; i++) {
      requests.add(chunk(i * 1_000, Fault.OK));
    }
    for (int i = 0; i < 100; i++) {
      requests.add(chunk(10_000 + i * 10, Fault.OK));
    }
    for (int i = 0; i < 10; i++) {
      requests.add(chunk(20_000 + i * 1_000, Fault.OK));
    }

    assertThat(new RequestLog(requests).steadyRate(Fault.OK)).isCloseTo(100, within(2.0));
  }

  @Test
  void shouldCountOnlyChunkRequestsAnsweredSo() {
    List<RecordedRequest> requests = new ArrayList<>();
    for (int i = 0; i < 20; i++) {
      requests.add(chunk(i * 100, i % 2 == 0 ? Fault.OK : Fault.RATE_LIMITED));
    }
    requests.add(request(5_000, RequestLog.SYNTHESIS_SCHEMA, Fault.OK));

    RequestLog log = new RequestLog(requests);

    assertThat(log.chunkRequests(Fault.OK)).hasSize(10);
    assertThat(log.count(Fault.OK)).isEqualTo(11);
    assertThat(log.count(Fault.RATE_LIMITED)).isEqualTo(10);
    assertThat(log.first()).isEqualTo(START);
  }

  @Test
  void shouldHaveNoSteadyStateWithTooFewRequests() {
    assertThat(new RequestLog(List.of(chunk(0, Fault.OK), chunk(10, Fault.OK))).steady(Fault.OK))
        .isEmpty();
  }

  private static RecordedRequest chunk(long millis, Fault answer) {
    return request(millis, "chunk_findings", answer);
  }

  private static RecordedRequest request(long millis, String schema, Fault answer) {
    return new RecordedRequest(
        START.plusMillis(millis), "/v1/chat/completions", "m", schema, "{}", answer, 10, 5, false);
  }
}
