package io.callstream.query.admin.settings;

import java.util.List;

/**
 * A workspace's templates, by name. Immutable.
 *
 * @param items the templates
 */
public record TemplateList(List<TemplateView> items) {

  public TemplateList {
    items = List.copyOf(items);
  }
}
