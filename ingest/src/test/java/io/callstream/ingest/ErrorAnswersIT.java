package io.callstream.ingest;

import static io.callstream.ingest.testing.IngestFixtures.segment;
import static io.callstream.ingest.testing.IngestFixtures.transcript;
import static org.assertj.core.api.Assertions.assertThat;

import io.callstream.api.auth.Role;
import io.callstream.api.problem.ProblemErrorHandler;
import io.callstream.embedded.junit.SharedInfrastructure;
import io.callstream.ingest.testing.IngestServer;
import io.callstream.ingest.testing.RunningIngest;
import io.callstream.ingest.testing.TestWorkspace;
import java.net.URI;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.webflux.error.ErrorWebExceptionHandler;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;

/** Errors that no controller raises still answer RFC 9457 problems. */
@ExtendWith({SharedInfrastructure.class, IngestServer.class})
class ErrorAnswersIT {

  private static RunningIngest ingest;
  private static TestWorkspace workspace;

  @BeforeAll
  static void setUp(RunningIngest running) {
    ingest = running;
    workspace = ingest.newWorkspace(Role.MEMBER);
  }

  @Test
  void shouldAnswerProblemForRouteThatDoesNotExist() {
    ingest
        .clientOf(workspace)
        .get()
        .uri("/v1/workspaces/" + workspace.workspaceId() + "/no-such-thing")
        .exchange()
        .expectStatus()
        .isNotFound()
        .expectHeader()
        .contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON);
  }

  @Test
  void shouldAnswerProblemForMethodThatIsNotAllowed() {
    ingest
        .clientOf(workspace)
        .delete()
        .uri(workspace.calls())
        .exchange()
        .expectStatus()
        .isEqualTo(HttpStatus.METHOD_NOT_ALLOWED)
        .expectHeader()
        .contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON);
  }

  @Test
  void shouldAnswerProblemForUrlTheFirewallRejects() {
    ingest
        .clientOf(workspace)
        .post()
        .uri(URI.create(ingest.baseUrl() + workspace.calls() + "/a%2Fb/transcript"))
        .contentType(MediaType.APPLICATION_JSON)
        .bodyValue(transcript(segment("Ana", 0, 1_000, "Hello.")))
        .exchange()
        .expectStatus()
        .isBadRequest()
        .expectHeader()
        .contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)
        .expectBody()
        .jsonPath("$.status")
        .isEqualTo(400);
  }

  @Test
  void shouldLeaveUnexpectedErrorsToTheProblemHandlerInsteadOfBootsJsonOne() {
    assertThat(ingest.bean(ErrorWebExceptionHandler.class)).isInstanceOf(ProblemErrorHandler.class);
  }
}
