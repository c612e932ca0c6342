package io.callstream.query.admin.settings;

import io.callstream.api.workspace.Plan;
import java.util.Objects;
import java.util.OptionalInt;
import org.jspecify.annotations.Nullable;

/**
 * A workspace's plan and its own retention, as stored. Immutable.
 *
 * @param plan the billing plan
 * @param retentionOverride days the workspace keeps calls instead of its plan's default; null keeps
 *     the default. Never longer than the plan's default: {@link SettingsChanges} sees to that.
 */
public record WorkspaceSettings(Plan plan, @Nullable Integer retentionOverride) {

  public WorkspaceSettings {
    Objects.requireNonNull(plan, "plan must not be null");
    if (retentionOverride != null && retentionOverride < 1) {
      throw new IllegalArgumentException(
          "retentionOverride must be at least 1 day, was " + retentionOverride);
    }
  }

  /**
   * The days a call is kept: the override, else the plan's default; empty when calls are kept
   * without limit. The retention purge (V13's {@code callstream_expired_calls}) computes the same.
   */
  public OptionalInt retentionDays() {
    return retentionOverride == null ? plan.retentionDays() : OptionalInt.of(retentionOverride);
  }

  /** Whether {@code days} would keep calls longer than the plan allows. */
  public static boolean exceedsPlan(Plan plan, int days) {
    OptionalInt limit = plan.retentionDays();
    return limit.isPresent() && days > limit.getAsInt();
  }
}
