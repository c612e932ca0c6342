package io.callstream.api.auth;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** docs/permissions.md is {@link Permission}: the same rows, the same cell in every column. */
class PermissionsDocumentTest {

  private static final List<Role> COLUMNS = List.of(Role.OWNER, Role.MANAGER, Role.MEMBER);

  @Test
  void shouldDocumentEveryPermissionAndNoOther() throws IOException {
    Map<String, List<String>> rows = table();

    assertThat(rows.keySet())
        .containsExactlyInAnyOrderElementsOf(
            Arrays.stream(Permission.values()).map(Permission::name).toList());
  }

  @Test
  void shouldMarkExactlyTheRolesThatHaveEachPermission() throws IOException {
    Map<String, List<String>> rows = table();

    for (Permission permission : Permission.values()) {
      List<String> cells = rows.get(permission.name());
      for (int column = 0; column < COLUMNS.size(); column++) {
        Role role = COLUMNS.get(column);
        assertThat(cells.get(column))
            .as("%s for %s", permission, role)
            .isEqualTo(permission.grantedTo(role) ? "✓" : "✗");
      }
    }
  }

  @Test
  void shouldNameTheRoutesEachPermissionGuards() throws IOException {
    assertThat(table().values()).allSatisfy(cells -> assertThat(cells.get(3)).contains("`"));
  }

  /** Permission name to its cells: Owner, Manager, Member, routes. */
  private static Map<String, List<String>> table() throws IOException {
    Map<String, List<String>> rows = new LinkedHashMap<>();
    for (String line : Files.readAllLines(document())) {
      if (!line.startsWith("| `")) {
        continue;
      }
      List<String> cells =
          Arrays.stream(line.substring(1, line.length() - 1).split("\\|"))
              .map(String::strip)
              .toList();
      assertThat(cells).as(line).hasSize(5);
      String name = cells.get(0).replace("`", "");
      assertThat(rows.put(name, cells.subList(1, 5))).as("a second row for " + name).isNull();
    }
    return rows;
  }

  private static Path document() {
    for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
      Path candidate = dir.resolve("docs/permissions.md");
      if (Files.isRegularFile(candidate)) {
        return candidate;
      }
    }
    throw new AssertionError("docs/permissions.md not found above " + Path.of("").toAbsolutePath());
  }
}
