package io.callstream.ingest.call;

import io.callstream.core.event.Participant;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpStatus;
import org.springframework.web.server.ResponseStatusException;

/**
 * Bounds on what describes a new call (title, participants, metadata). They travel on the
 * call.started event, which must fit in one Kafka record, and in PostgreSQL text, which cannot hold
 * NUL: beyond them a request is answered 400 rather than failing later as a 500.
 */
final class CallDescriptionLimits {

  static final int TITLE_CHARACTERS = 500;
  static final int PARTICIPANTS = 500;
  static final int PARTICIPANT_FIELD_CHARACTERS = 200;
  static final int METADATA_ENTRIES = 100;
  static final int METADATA_KEY_CHARACTERS = 100;
  static final int METADATA_VALUE_CHARACTERS = 2000;

  private CallDescriptionLimits() {}

  /** Throws a 400 naming the first bound {@code request} (with its effective title) exceeds. */
  static void check(String title, CreateCallRequest request) {
    text("title", title, TITLE_CHARACTERS);
    List<Participant> participants = request.participants();
    if (participants != null) {
      if (participants.size() > PARTICIPANTS) {
        throw invalid("a call may list at most " + PARTICIPANTS + " participants");
      }
      for (Participant participant : participants) {
        if (participant == null) {
          throw invalid("participants must not contain null");
        }
        text("participant name", participant.name(), PARTICIPANT_FIELD_CHARACTERS);
        text("participant role", participant.role(), PARTICIPANT_FIELD_CHARACTERS);
        text("participant email", participant.email(), PARTICIPANT_FIELD_CHARACTERS);
      }
    }
    Map<String, String> metadata = request.metadata();
    if (metadata != null) {
      if (metadata.size() > METADATA_ENTRIES) {
        throw invalid("metadata may hold at most " + METADATA_ENTRIES + " entries");
      }
      metadata.forEach(
          (key, value) -> {
            text("a metadata key", key, METADATA_KEY_CHARACTERS);
            text("metadata value of '" + key + "'", value, METADATA_VALUE_CHARACTERS);
          });
    }
  }

  private static void text(String what, @Nullable String value, int maxCharacters) {
    if (value == null) {
      return;
    }
    if (value.length() > maxCharacters) {
      throw invalid(what + " must be at most " + maxCharacters + " characters");
    }
    if (value.indexOf('\0') >= 0) {
      throw invalid(what + " must not contain NUL characters");
    }
  }

  private static ResponseStatusException invalid(String detail) {
    return new ResponseStatusException(HttpStatus.BAD_REQUEST, detail);
  }
}
