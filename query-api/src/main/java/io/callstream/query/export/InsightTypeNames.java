package io.callstream.query.export;

import io.callstream.core.event.InsightType;

/** Headings for the insight types in the human-readable formats. */
final class InsightTypeNames {

  private InsightTypeNames() {}

  static String heading(InsightType type) {
    return switch (type) {
      case ACTION_ITEM -> "Action items";
      case DECISION -> "Decisions";
      case OPEN_QUESTION -> "Open questions";
      case OBJECTION -> "Objections";
      case RISK -> "Risks";
      case NEXT_STEP -> "Next steps";
      case SUMMARY -> "Summary points";
    };
  }
}
