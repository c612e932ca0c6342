package io.callstream.query.live;

import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/** The stored events that streams replay from, by position. Implementations are thread-safe. */
interface EventLog {

  /** Whether the workspace has the call. */
  Mono<Boolean> hasCall(String workspaceId, String callId);

  /** The highest position of the scope's logged events, or 0 if it has none. */
  Mono<Long> lastPosition(Scope scope);

  /** The scope's logged events after {@code position}, in order of position. */
  Flux<LoggedEvent> after(Scope scope, long position);
}
