package io.callstream.core.event;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * A call began: an upload was received or a live call opened. On the compacted calls topic, a later
 * {@link CallDeleted} for the same call replaces this record, which erases its title, participants
 * and metadata from the log.
 *
 * @param title human title of the call, not blank
 * @param language BCP 47 tag of the spoken language (for example {@code en} or {@code pt-BR}), or
 *     null when it is to be detected
 * @param source whether the call was uploaded or is live
 * @param participants people known at the start, possibly none
 * @param metadata free-form string attributes from the client (for example a CRM deal id)
 */
public record CallStarted(
    String eventId,
    String workspaceId,
    String callId,
    Instant occurredAt,
    String title,
    @Nullable String language,
    Source source,
    List<Participant> participants,
    Map<String, String> metadata)
    implements CallstreamEvent {

  /** Kept in step with the {@code language} pattern of the JSON Schema. */
  private static final Pattern LANGUAGE_TAG = Pattern.compile("[A-Za-z]{2,8}(-[A-Za-z0-9]{1,8})*");

  /** How call audio or transcript reaches callstream. */
  public enum Source {
    /** A finished recording or transcript, uploaded whole. */
    UPLOAD,
    /** A call in progress, streamed as it happens. */
    LIVE
  }

  public CallStarted {
    Checks.envelope(eventId, workspaceId, callId, occurredAt);
    Checks.notBlank(title, "title");
    if (language != null && !LANGUAGE_TAG.matcher(language).matches()) {
      throw new IllegalArgumentException(
          "language must be a BCP 47 tag such as en or pt-BR, was '" + language + "'");
    }
    Checks.notNull(source, "source");
    participants = Checks.elements(participants, "participants");
    metadata = Checks.entries(metadata, "metadata");
  }

  @Override
  public EventType type() {
    return EventType.CALL_STARTED;
  }
}
