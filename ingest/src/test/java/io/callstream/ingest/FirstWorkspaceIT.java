package io.callstream.ingest;

import static io.callstream.ingest.testing.IngestFixtures.call;
import static org.assertj.core.api.Assertions.assertThat;

import io.callstream.api.auth.ApiKeySecret;
import io.callstream.api.workspace.FirstWorkspace;
import io.callstream.embedded.junit.SharedInfrastructure;
import io.callstream.ingest.testing.IngestServer;
import io.callstream.ingest.testing.RunningIngest;
import io.callstream.ingest.testing.TestWorkspace;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.http.MediaType;
import reactor.test.StepVerifier;

@ExtendWith({SharedInfrastructure.class, IngestServer.class})
class FirstWorkspaceIT {

  @Test
  void shouldBootstrapFirstWorkspaceAndShowItsOwnerKeyOnlyOnce(RunningIngest ingest) {
    // Other test classes share the database: the first workspace may already exist.
    long workspacesBefore =
        ingest
            .db()
            .sql("select count(*) as workspaces from workspaces")
            .map(row -> row.get("workspaces", Long.class))
            .one()
            .block(RunningIngest.PATIENCE);
    FirstWorkspace firstWorkspace = ingest.bean(FirstWorkspace.class);

    FirstWorkspace.Bootstrap first = firstWorkspace.ensure().block(RunningIngest.PATIENCE);

    assertThat(first.workspaceId()).isNotBlank();
    if (workspacesBefore == 0) {
      assertThat(first.ownerKey()).startsWith("cs_");
      TestWorkspace bootstrapped =
          new TestWorkspace(
              first.workspaceId(),
              first.ownerKey(),
              ApiKeySecret.parse(first.ownerKey()).orElseThrow().id());
      ingest
          .clientOf(bootstrapped)
          .post()
          .uri(bootstrapped.calls())
          .contentType(MediaType.APPLICATION_JSON)
          .bodyValue(call("First call", "upload"))
          .exchange()
          .expectStatus()
          .isCreated();
    } else {
      assertThat(first.ownerKey()).isNull();
    }
    firstWorkspace
        .ensure()
        .as(StepVerifier::create)
        .assertNext(
            again -> {
              assertThat(again.workspaceId()).isEqualTo(first.workspaceId());
              assertThat(again.ownerKey()).isNull();
            })
        .verifyComplete();
  }
}
