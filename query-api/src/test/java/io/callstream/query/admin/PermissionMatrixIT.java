package io.callstream.query.admin;

import static org.assertj.core.api.Assertions.assertThat;

import io.callstream.api.auth.Permission;
import io.callstream.api.auth.Role;
import io.callstream.embedded.junit.Infrastructure;
import io.callstream.embedded.junit.SharedInfrastructure;
import io.callstream.query.admin.AdminApi.Answer;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * docs/permissions.md, cell by cell over HTTP: for every {@link Permission}, one request of the
 * route contract sent with an Owner, a Manager and a Member key of the same workspace. A role that
 * has the permission is not refused (no 403, no 5xx); one that lacks it gets a 403 problem. Each
 * cell has a workspace and a call of its own, since some requests delete them.
 */
@ExtendWith(SharedInfrastructure.class)
class PermissionMatrixIT {

  /** Served by ingest, not the query API: ingest's UploadPermissionIT checks its cells. */
  private static final Set<Permission> ELSEWHERE = EnumSet.of(Permission.UPLOAD_CALLS);

  private static AdminApi admin;

  @BeforeAll
  static void start(Infrastructure infrastructure) {
    admin = AdminApi.start(infrastructure);
  }

  @AfterAll
  static void stop() {
    admin.close();
  }

  static Stream<Arguments> cells() {
    return Arrays.stream(Permission.values())
        .filter(permission -> !ELSEWHERE.contains(permission))
        .flatMap(
            permission ->
                Stream.of(Role.OWNER, Role.MANAGER, Role.MEMBER)
                    .map(role -> Arguments.of(permission, role)));
  }

  @ParameterizedTest(name = "{0} as {1}")
  @MethodSource("cells")
  void shouldGrantExactlyTheRolesThatHaveThePermission(Permission permission, Role role) {
    String workspaceId = admin.newWorkspace();
    String key = admin.newKey(workspaceId, role);
    String callId = admin.service().newCall(workspaceId);
    Request request = representative(permission, workspaceId, callId);

    Answer answer = admin.send(request.method(), request.path(), key, request.body());

    String cell = permission + " as " + role + ": " + request + " -> " + answer;
    if (permission.grantedTo(role)) {
      assertThat(answer.status()).as(cell).isNotEqualTo(403).isLessThan(500);
    } else {
      assertThat(answer.status()).as(cell).isEqualTo(403);
      assertThat(answer.isProblem()).as(cell).isTrue();
    }
  }

  @Test
  void shouldHaveARepresentativeRequestForEveryPermission() {
    for (Permission permission : Permission.values()) {
      if (!ELSEWHERE.contains(permission)) {
        assertThat(representative(permission, "ws", "call").path()).startsWith("/v1/");
      }
    }
  }

  /** One request of the route contract that {@code permission} guards. */
  private static Request representative(Permission permission, String workspace, String callId) {
    String base = "/v1/workspaces/" + workspace;
    String call = base + "/calls/" + callId;
    return switch (permission) {
      case READ_CALLS -> new Request("GET", base + "/calls", null);
      case UPLOAD_CALLS -> throw new IllegalArgumentException("served by ingest");
      case DELETE_CALLS -> new Request("DELETE", call, null);
      case EXPORT_CALLS -> new Request("GET", call + "/export?format=json", null);
      case EDIT_TEMPLATES ->
          new Request("PUT", base + "/templates/matrix", Map.of("insights", "decisions"));
      case RECTIFY_CALLS ->
          new Request("PATCH", call + "/speakers", Map.of("from", "Speaker 1", "to", "Ana"));
      case MANAGE_MEMBERS -> new Request("GET", base + "/members", null);
      case MANAGE_API_KEYS -> new Request("GET", base + "/api-keys", null);
      case MANAGE_RETENTION -> new Request("PUT", base + "/settings/retention", Map.of("days", 90));
      case MANAGE_BILLING -> new Request("PUT", base + "/settings/plan", Map.of("plan", "starter"));
      case MANAGE_INTEGRATIONS -> new Request("GET", base + "/integrations/llm", null);
      case MANAGE_KEYS -> new Request("POST", base + "/keys/rotate", null);
      case READ_AUDIT_LOG -> new Request("GET", base + "/audit", null);
      case EXPORT_WORKSPACE -> new Request("GET", base + "/export", null);
      case DELETE_WORKSPACE -> new Request("DELETE", base, Map.of("confirm", workspace));
    };
  }

  private record Request(String method, String path, @Nullable Object body) {}
}
