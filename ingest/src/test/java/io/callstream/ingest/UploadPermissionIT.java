package io.callstream.ingest;

import static io.callstream.ingest.testing.IngestFixtures.call;
import static org.assertj.core.api.Assertions.assertThat;

import io.callstream.api.auth.Permission;
import io.callstream.api.auth.Role;
import io.callstream.embedded.junit.SharedInfrastructure;
import io.callstream.ingest.testing.IngestServer;
import io.callstream.ingest.testing.RunningIngest;
import io.callstream.ingest.testing.TestWorkspace;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.springframework.http.MediaType;

/**
 * The {@code UPLOAD_CALLS} row of docs/permissions.md, whose routes ingest serves (the query API's
 * PermissionMatrixIT checks the other rows): an upload with a key of each role is refused exactly
 * when the role lacks the permission.
 */
@ExtendWith({SharedInfrastructure.class, IngestServer.class})
class UploadPermissionIT {

  private static RunningIngest ingest;

  @BeforeAll
  static void setUp(RunningIngest running) {
    ingest = running;
  }

  @ParameterizedTest(name = "UPLOAD_CALLS as {0}")
  @EnumSource(Role.class)
  void shouldLetExactlyTheRolesWithUploadCallsUpload(Role role) {
    TestWorkspace workspace = ingest.newWorkspace(role);

    int created =
        ingest
            .clientOf(workspace)
            .post()
            .uri(workspace.calls())
            .contentType(MediaType.APPLICATION_JSON)
            .bodyValue(call("Permission check", "upload"))
            .exchange()
            .returnResult(String.class)
            .getStatus()
            .value();

    if (Permission.UPLOAD_CALLS.grantedTo(role)) {
      assertThat(created).isEqualTo(201);
    } else {
      assertThat(created).isEqualTo(403);
    }
  }
}
