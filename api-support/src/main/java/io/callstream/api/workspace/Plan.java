package io.callstream.api.workspace;

import java.util.Locale;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * A workspace's billing plan, stored by its lower-case name in {@code workspaces.plan}, and the
 * retention it gives: how many days a call is kept before the purge deletes it.
 */
public enum Plan {
  FREE(30),
  TRIAL(30),
  STARTER(90),
  GROWTH(365),
  /** Keeps calls until someone deletes them. */
  SCALE(0);

  private final int retentionDays;

  Plan(int retentionDays) {
    this.retentionDays = retentionDays;
  }

  /** The days a call is kept on this plan; empty when the plan keeps calls without limit. */
  public OptionalInt retentionDays() {
    return retentionDays == 0 ? OptionalInt.empty() : OptionalInt.of(retentionDays);
  }

  /** The name stored and shown: {@code free}, {@code starter}, ... */
  public String storedName() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** The plan of a stored or requested name; empty for an unknown one. */
  public static Optional<Plan> named(String name) {
    for (Plan plan : values()) {
      if (plan.storedName().equals(name)) {
        return Optional.of(plan);
      }
    }
    return Optional.empty();
  }
}
