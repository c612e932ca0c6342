package io.callstream.ingest.live;

import io.callstream.ingest.call.CallEnding;
import io.callstream.ingest.call.EndedCall;
import io.callstream.ingest.segment.SegmentDraft;
import io.callstream.ingest.segment.SegmentIntake;
import io.callstream.ingest.segment.SegmentOutcome;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.apache.kafka.common.errors.RetriableException;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ProblemDetail;
import org.springframework.web.ErrorResponse;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Turns the messages of one live feed into its replies: one reply per message, in the order of the
 * messages. Shared by the WebSocket and the NDJSON upload. Thread-safe; each {@link #replies} call
 * is one independent stream.
 *
 * <p>Messages are gathered into batches of what has arrived (at most {@code maxBatch}, waiting at
 * most {@code gather} for more) and each batch goes to the segment intake as one request, the next
 * only once Kafka has acknowledged the one before. Demand on the messages follows: besides the
 * batch being published, one waits and about two more are being gathered, so at most four batches'
 * worth of messages ({@value #MAX_BATCH} each, of at most {@value
 * LiveMessageReader#MAX_MESSAGE_BYTES} bytes) are ever held per stream. A client that sends faster
 * than Kafka acknowledges is slowed down by TCP, not buffered.
 *
 * <p>No failure ends the stream: a bad message, an ended call or a Kafka outage is answered with an
 * error reply per message it affected, and the following messages are still taken.
 */
public final class LiveSegmentFlow {

  private static final Logger LOG = LoggerFactory.getLogger(LiveSegmentFlow.class);

  /** Most messages published as one batch. */
  static final int MAX_BATCH = 64;

  /** Longest a message waits for others to share its batch; small against a Kafka round trip. */
  static final Duration GATHER = Duration.ofMillis(5);

  private final Segments segments;
  private final Ending ending;
  private final int maxBatch;
  private final Duration gather;

  LiveSegmentFlow(Segments segments, Ending ending, int maxBatch, Duration gather) {
    this.segments = Objects.requireNonNull(segments, "segments must not be null");
    this.ending = Objects.requireNonNull(ending, "ending must not be null");
    if (maxBatch < 1) {
      throw new IllegalArgumentException("maxBatch must be at least 1, was " + maxBatch);
    }
    this.maxBatch = maxBatch;
    this.gather = Objects.requireNonNull(gather, "gather must not be null");
  }

  /** The flow of the service: segments to {@code intake}, ends to {@code ending}. */
  public static LiveSegmentFlow of(SegmentIntake intake, CallEnding ending) {
    Objects.requireNonNull(intake, "intake must not be null");
    Objects.requireNonNull(ending, "ending must not be null");
    return new LiveSegmentFlow(intake::acceptEach, ending::end, MAX_BATCH, GATHER);
  }

  /** The replies to {@code messages}, a feed of call {@code callId}. */
  public Flux<LiveReply> replies(String workspaceId, String callId, Flux<LiveMessage> messages) {
    Objects.requireNonNull(workspaceId, "workspaceId must not be null");
    Objects.requireNonNull(callId, "callId must not be null");
    return messages
        // fair backpressure: gathers only as many messages as the batches asked for
        .bufferTimeout(maxBatch, gather, true)
        .concatMap(batch -> answer(workspaceId, callId, batch), 1);
  }

  /** Answers one batch: each run of segments as one intake request, everything else on its own. */
  private Flux<LiveReply> answer(String workspaceId, String callId, List<LiveMessage> batch) {
    List<Flux<LiveReply>> steps = new ArrayList<>();
    List<LiveMessage.Segment> run = new ArrayList<>();
    for (LiveMessage message : batch) {
      if (message instanceof LiveMessage.Segment segment) {
        run.add(segment);
        continue;
      }
      if (!run.isEmpty()) {
        steps.add(accept(workspaceId, callId, List.copyOf(run)));
        run.clear();
      }
      if (message instanceof LiveMessage.End end) {
        steps.add(end(workspaceId, callId, end));
      } else if (message instanceof LiveMessage.Unreadable unreadable) {
        steps.add(Flux.just(rejection(unreadable)));
      }
    }
    if (!run.isEmpty()) {
      steps.add(accept(workspaceId, callId, List.copyOf(run)));
    }
    return Flux.concat(steps);
  }

  private Flux<LiveReply> accept(String workspaceId, String callId, List<LiveMessage.Segment> run) {
    List<SegmentDraft> drafts = run.stream().map(LiveMessage.Segment::draft).toList();
    return Mono.defer(() -> segments.acceptEach(workspaceId, callId, drafts))
        .flatMapIterable(
            outcomes -> {
              if (outcomes.size() != run.size()) {
                throw new IllegalStateException(
                    "the intake answered " + outcomes.size() + " outcomes for " + run.size());
              }
              List<LiveReply> replies = new ArrayList<>(run.size());
              for (int i = 0; i < run.size(); i++) {
                replies.add(reply(run.get(i).position(), outcomes.get(i)));
              }
              return replies;
            })
        .onErrorResume(
            failure -> {
              Problem problem = problem(failure);
              return Flux.fromIterable(run)
                  .map(
                      segment ->
                          LiveReply.Error.of(
                              segment.position(),
                              segment.draft().sequence(),
                              problem.status(),
                              problem.title(),
                              null,
                              problem.detail()));
            });
  }

  private Flux<LiveReply> end(String workspaceId, String callId, LiveMessage.End end) {
    return Mono.defer(() -> ending.end(workspaceId, callId))
        .<LiveReply>map(LiveReply.Ended::new)
        .onErrorResume(
            failure -> {
              Problem problem = problem(failure);
              return Mono.just(
                  LiveReply.Error.of(
                      end.position(),
                      null,
                      problem.status(),
                      problem.title(),
                      null,
                      problem.detail()));
            })
        .flux();
  }

  private static LiveReply reply(Position position, SegmentOutcome outcome) {
    if (outcome instanceof SegmentOutcome.Accepted accepted) {
      return new LiveReply.Ack(accepted.sequence(), accepted.duplicate());
    }
    SegmentOutcome.Rejected rejected = (SegmentOutcome.Rejected) outcome;
    return LiveReply.Error.of(
        position,
        rejected.sequence(),
        rejected.status(),
        null,
        rejected.field(),
        rejected.reason());
  }

  private static LiveReply rejection(LiveMessage.Unreadable unreadable) {
    return LiveReply.Error.of(
        unreadable.position(),
        unreadable.sequence(),
        unreadable.status(),
        null,
        unreadable.field(),
        unreadable.reason());
  }

  /**
   * What to tell the client about a failure: the problem of an {@link ErrorResponse} (a call that
   * does not exist or has ended), 503 for a Kafka failure worth retrying, else a 500 that tells
   * nothing of the cause (that goes to the log, once per batch).
   */
  private static Problem problem(Throwable failure) {
    if (failure instanceof ErrorResponse response) {
      ProblemDetail body = response.getBody();
      return new Problem(
          response.getStatusCode(),
          body.getTitle(),
          body.getDetail() == null ? "not accepted" : body.getDetail());
    }
    if (failure instanceof RetriableException) {
      LOG.warn("live segments not acknowledged by Kafka: {}", failure.toString());
      return new Problem(
          HttpStatus.SERVICE_UNAVAILABLE,
          null,
          "not acknowledged: Kafka is unavailable, send it again later");
    }
    LOG.error("live segments could not be accepted", failure);
    return new Problem(
        HttpStatus.INTERNAL_SERVER_ERROR,
        null,
        "not accepted because of an error on our side; the error has been logged");
  }

  private record Problem(HttpStatusCode status, @Nullable String title, String detail) {}

  /** Accepts a batch of one call's segments: {@link SegmentIntake#acceptEach}. */
  @FunctionalInterface
  interface Segments {
    Mono<List<SegmentOutcome>> acceptEach(
        String workspaceId, String callId, List<SegmentDraft> drafts);
  }

  /** Ends a call: {@link CallEnding#end}. */
  @FunctionalInterface
  interface Ending {
    Mono<EndedCall> end(String workspaceId, String callId);
  }
}
