package io.callstream.flink.analyze;

import java.io.Serializable;
import java.util.Map;

/**
 * The plans and which workspace is on which. Until billing writes plans to a topic the job can
 * read, the mapping comes from configuration; a workspace not mapped is on the default plan.
 *
 * @param byName every plan by its name
 * @param defaultPlan the plan of a workspace the mapping does not name
 * @param planOfWorkspace workspace id to plan name
 */
public record Plans(
    Map<String, Plan> byName, String defaultPlan, Map<String, String> planOfWorkspace)
    implements Serializable {

  public Plans {
    byName = Map.copyOf(byName);
    planOfWorkspace = Map.copyOf(planOfWorkspace);
    if (!byName.containsKey(defaultPlan)) {
      throw new IllegalArgumentException(
          "default plan '" + defaultPlan + "' is not one of " + byName.keySet());
    }
    for (Map.Entry<String, String> entry : planOfWorkspace.entrySet()) {
      if (!byName.containsKey(entry.getValue())) {
        throw new IllegalArgumentException(
            "workspace "
                + entry.getKey()
                + " is on plan '"
                + entry.getValue()
                + "', which is not one of "
                + byName.keySet());
      }
    }
  }

  public Plan of(String workspaceId) {
    return byName.get(planOfWorkspace.getOrDefault(workspaceId, defaultPlan));
  }
}
