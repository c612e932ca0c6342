package io.callstream.query.openapi;

import io.swagger.v3.oas.models.Components;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.Operation;
import io.swagger.v3.oas.models.PathItem;
import io.swagger.v3.oas.models.headers.Header;
import io.swagger.v3.oas.models.media.Content;
import io.swagger.v3.oas.models.media.MediaType;
import io.swagger.v3.oas.models.media.Schema;
import io.swagger.v3.oas.models.responses.ApiResponse;
import io.swagger.v3.oas.models.responses.ApiResponses;
import io.swagger.v3.oas.models.security.SecurityRequirement;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.springdoc.core.customizers.OpenApiCustomizer;

/**
 * What every route under {@code /v1/} shares but its controller does not declare: the credentials
 * (api-support's security: an API key or an access token on workspace routes, an access token on a
 * person's routes) and the RFC 9457 problems for 400, 401, 403 and 404 that security, the firewall
 * and the controllers answer. Added to each operation as references to shared components, so a new
 * route has them without an annotation.
 */
final class WorkspaceRoutes implements OpenApiCustomizer {

  /** The prefix of the routes this applies to. */
  static final String PREFIX = "/v1/";

  /** The prefix of a workspace's routes, which take an API key as well as an access token. */
  static final String WORKSPACE_PREFIX = "/v1/workspaces/";

  static final String PROBLEM_JSON =
      org.springframework.http.MediaType.APPLICATION_PROBLEM_JSON_VALUE;

  private static final String PROBLEM = "Problem";

  /** Status, component name and description of each problem answer. */
  private static final List<ProblemAnswer> ANSWERS =
      List.of(
          new ProblemAnswer(
              "400",
              "BadRequest",
              "A parameter is malformed or out of range (the detail says which)."),
          new ProblemAnswer(
              "401",
              "Unauthorized",
              "No credential, or an API key or access token that is unknown, revoked, expired or"
                  + " forged."),
          new ProblemAnswer(
              "403",
              "Forbidden",
              "The credential's role lacks the permission this route needs (docs/permissions.md),"
                  + " or a person's route was called with an API key."),
          new ProblemAnswer(
              "404",
              "NotFound",
              "No such resource in this workspace, or another workspace's (never told apart)."));

  private record ProblemAnswer(String status, String component, String description) {}

  @Override
  public void customise(OpenAPI openApi) {
    Objects.requireNonNull(openApi, "openApi must not be null");
    if (openApi.getComponents() == null) {
      openApi.components(new Components());
    }
    Components components = openApi.getComponents();
    components.addSchemas(PROBLEM, problemSchema());
    for (ProblemAnswer answer : ANSWERS) {
      components.addResponses(answer.component(), response(answer));
    }
    if (openApi.getPaths() == null) {
      return;
    }
    for (Map.Entry<String, PathItem> path : openApi.getPaths().entrySet()) {
      if (path.getKey().startsWith(PREFIX)) {
        boolean workspace = path.getKey().startsWith(WORKSPACE_PREFIX);
        path.getValue().readOperations().forEach(operation -> complete(operation, workspace));
      }
    }
  }

  private static void complete(Operation operation, boolean workspace) {
    SecurityRequirement token = new SecurityRequirement().addList(DocumentDescription.JWT);
    operation.setSecurity(
        workspace
            ? List.of(new SecurityRequirement().addList(DocumentDescription.API_KEY), token)
            : List.of(token));
    if (operation.getResponses() == null) {
      operation.responses(new ApiResponses());
    }
    for (ProblemAnswer answer : ANSWERS) {
      operation
          .getResponses()
          .putIfAbsent(
              answer.status(),
              new ApiResponse().$ref("#/components/responses/" + answer.component()));
    }
  }

  private static ApiResponse response(ProblemAnswer answer) {
    ApiResponse response =
        new ApiResponse()
            .description(answer.description())
            .content(
                new Content()
                    .addMediaType(
                        PROBLEM_JSON,
                        new MediaType()
                            .schema(new Schema<>().$ref("#/components/schemas/" + PROBLEM))));
    if (answer.status().equals("401")) {
      response.addHeaderObject(
          "WWW-Authenticate",
          new Header()
              .description("Bearer: the scheme to authenticate with.")
              .schema(typed("string")));
    }
    return response;
  }

  /** RFC 9457's members, as Spring's {@code ProblemDetail} writes them. */
  private static Schema<?> problemSchema() {
    return typed("object")
        .description("An RFC 9457 problem detail.")
        .addProperty(
            "type",
            typed("string")
                .format("uri")
                .description("Identifies the problem type; about:blank when only the status does."))
        .addProperty("title", typed("string").description("Short summary of the problem type."))
        .addProperty("status", typed("integer").format("int32").description("The HTTP status."))
        .addProperty(
            "detail", typed("string").description("This occurrence, in words a client can act on."))
        .addProperty(
            "instance",
            typed("string").format("uri-reference").description("The request path it concerns."));
  }

  /** A schema of one JSON type, for OpenAPI 3.0 ({@code type}) and 3.1 ({@code types}) alike. */
  static <T> Schema<T> typed(String type) {
    Schema<T> schema = new Schema<>();
    schema.setTypes(Set.of(type));
    schema.setType(type);
    return schema;
  }
}
