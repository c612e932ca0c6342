package io.callstream.query.admin.settings;

import java.time.Instant;
import tools.jackson.databind.JsonNode;

/**
 * An analysis template. Immutable.
 *
 * @param name its name, unique in the workspace
 * @param body the template itself, a JSON object
 * @param updatedAt when it was last written
 */
public record TemplateView(String name, JsonNode body, Instant updatedAt) {}
