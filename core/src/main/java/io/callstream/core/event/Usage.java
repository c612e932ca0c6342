package io.callstream.core.event;

import java.time.Instant;

/**
 * Resources one step of a call's processing consumed, for metering and plan limits. Usage events of
 * a call add up; the topic is exactly-once, so none is counted twice.
 *
 * @param inputTokens LLM prompt tokens
 * @param outputTokens LLM completion tokens
 * @param llmCalls LLM requests made
 * @param audioMs milliseconds of audio transcribed
 */
public record Usage(
    String eventId,
    String workspaceId,
    String callId,
    Instant occurredAt,
    long inputTokens,
    long outputTokens,
    int llmCalls,
    long audioMs)
    implements CallstreamEvent {

  public Usage {
    Checks.envelope(eventId, workspaceId, callId, occurredAt);
    Checks.notNegative(inputTokens, "inputTokens");
    Checks.notNegative(outputTokens, "outputTokens");
    Checks.notNegative(llmCalls, "llmCalls");
    Checks.notNegative(audioMs, "audioMs");
  }

  @Override
  public EventType type() {
    return EventType.USAGE;
  }
}
