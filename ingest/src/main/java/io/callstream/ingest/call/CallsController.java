package io.callstream.ingest.call;

import io.callstream.core.event.CallStarted;
import io.callstream.core.event.Participant;
import io.callstream.core.id.Ids;
import io.callstream.ingest.kafka.EventPublisher;
import java.net.URI;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.transaction.reactive.TransactionalOperator;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ResponseStatusException;
import reactor.core.publisher.Mono;

/**
 * Creates calls (a row in PostgreSQL and a {@code call.started} event on the calls topic) and ends
 * them (see {@link CallEnding}).
 */
@RestController
public class CallsController {

  private final CallRepository calls;
  private final EventPublisher events;
  private final CallEnding ending;
  private final TransactionalOperator transaction;

  public CallsController(
      CallRepository calls,
      EventPublisher events,
      CallEnding ending,
      TransactionalOperator transaction) {
    this.calls = calls;
    this.events = events;
    this.ending = ending;
    this.transaction = transaction;
  }

  @PostMapping("/v1/workspaces/{workspaceId}/calls")
  public Mono<ResponseEntity<CallCreated>> create(
      @PathVariable String workspaceId, @RequestBody CreateCallRequest request) {
    String title =
        request.title() == null || request.title().isBlank() ? "Untitled call" : request.title();
    CallDescriptionLimits.check(title, request);
    CallStarted.Source source = source(request.source());
    String callId = Ids.timeOrdered();
    CallStarted started;
    try {
      started =
          new CallStarted(
              Ids.timeOrdered(),
              workspaceId,
              callId,
              Instant.now(),
              title,
              request.language(),
              source,
              request.participants() == null ? List.of() : request.participants(),
              request.metadata() == null ? Map.of() : request.metadata());
    } catch (IllegalArgumentException e) {
      throw new ResponseStatusException(HttpStatus.BAD_REQUEST, e.getMessage(), e);
    }
    String base = "/v1/workspaces/" + workspaceId + "/calls/" + callId;
    List<String> participants = started.participants().stream().map(Participant::name).toList();
    return calls
        .insert(workspaceId, callId, title, source.name().toLowerCase(Locale.ROOT))
        .then(calls.insertParticipants(workspaceId, callId, participants))
        .then(events.publish(started))
        // The row commits only once Kafka has the event: a 503 leaves neither behind.
        .as(transaction::transactional)
        .thenReturn(
            ResponseEntity.created(URI.create(base))
                .body(
                    new CallCreated(
                        callId,
                        Map.of(
                            "transcript", base + "/transcript",
                            "live", base + "/live",
                            "segments", base + "/segments",
                            "end", base + "/end",
                            "audio", base + "/audio",
                            "liveAudio", base + "/audio/live",
                            "events", base + "/events"))));
  }

  /**
   * Ends the call: from then on its segments are turned away with 409. Answers 200 with how it
   * ended, the same on every repetition. A call with audio ends with its audio: the audio's last
   * chunk is published if it was not yet (409 while a PUT or live socket writes the audio), and the
   * transcription job, not this, publishes {@code CallEnded} (see {@link CallEnding}).
   */
  @PostMapping("/v1/workspaces/{workspaceId}/calls/{callId}/end")
  public Mono<EndedCall> end(@PathVariable String workspaceId, @PathVariable String callId) {
    return ending.end(workspaceId, callId);
  }

  private static CallStarted.Source source(String value) {
    if (value == null) {
      return CallStarted.Source.UPLOAD;
    }
    try {
      return CallStarted.Source.valueOf(value.toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new ResponseStatusException(
          HttpStatus.BAD_REQUEST, "source must be 'upload' or 'live', was '" + value + "'");
    }
  }
}
