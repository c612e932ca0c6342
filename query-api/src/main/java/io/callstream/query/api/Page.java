package io.callstream.query.api;

import java.util.List;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/**
 * One page of a list answer. Immutable.
 *
 * @param items the page's items, in the list's order
 * @param nextCursor pass as {@code cursor} for the next page; null on the last page
 */
public record Page<T>(List<T> items, @Nullable String nextCursor) {

  public Page {
    items = List.copyOf(items);
  }

  /**
   * The page of {@code fetched}, which holds up to {@code limit + 1} rows: a row past the limit
   * means there is a next page, which starts after the last item shown.
   */
  static <T> Page<T> of(List<T> fetched, int limit, Function<T, String> cursor) {
    if (fetched.size() <= limit) {
      return new Page<>(fetched, null);
    }
    List<T> items = fetched.subList(0, limit);
    return new Page<>(items, cursor.apply(items.get(limit - 1)));
  }
}
