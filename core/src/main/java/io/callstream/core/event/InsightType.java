package io.callstream.core.event;

/** What kind of thing an insight is; the query API filters insights across calls by it. */
public enum InsightType {
  ACTION_ITEM,
  DECISION,
  OPEN_QUESTION,
  OBJECTION,
  RISK,
  NEXT_STEP,
  SUMMARY
}
