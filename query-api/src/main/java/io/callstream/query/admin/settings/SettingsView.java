package io.callstream.query.admin.settings;

import org.jspecify.annotations.Nullable;

/**
 * A workspace's settings as the API shows them. Immutable.
 *
 * @param plan {@code free}, {@code trial}, {@code starter}, {@code growth} or {@code scale}
 * @param retentionDays the days a call is kept; null when it is kept without limit
 * @param retentionOverride the workspace's own retention; null when the plan's default applies
 */
public record SettingsView(
    String plan, @Nullable Integer retentionDays, @Nullable Integer retentionOverride) {

  static SettingsView of(WorkspaceSettings settings) {
    var days = settings.retentionDays();
    return new SettingsView(
        settings.plan().storedName(),
        days.isPresent() ? days.getAsInt() : null,
        settings.retentionOverride());
  }
}
