package io.callstream.query.openapi;

import io.swagger.v3.oas.models.Components;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.info.Info;
import io.swagger.v3.oas.models.security.SecurityScheme;
import java.util.Objects;
import org.springdoc.core.customizers.OpenApiCustomizer;

/**
 * The document's title, version and description, and the API-key security scheme the workspace
 * routes name. The version is the API's ({@code v1}, as in its paths), not the build's, so the
 * document changes only when the API does.
 */
final class DocumentDescription implements OpenApiCustomizer {

  /** The name under which {@link WorkspaceRoutes} refers to the API-key scheme. */
  static final String API_KEY = "apiKey";

  static final String TITLE = "callstream query API";
  static final String VERSION = "v1";

  private static final String DESCRIPTION =
      """
      A workspace's calls as the streaming pipeline analysed them: calls with their status and \
      progress, decrypted mindmaps, insights, summaries, conversation metrics and exports. Every \
      route is under /v1/workspaces/{workspaceId}/ and needs an API key of that workspace; a \
      resource of another workspace answers 404, as if it did not exist. Errors are RFC 9457 \
      problems (application/problem+json).""";

  @Override
  public void customise(OpenAPI openApi) {
    Objects.requireNonNull(openApi, "openApi must not be null");
    openApi.info(new Info().title(TITLE).version(VERSION).description(DESCRIPTION));
    if (openApi.getComponents() == null) {
      openApi.components(new Components());
    }
    openApi
        .getComponents()
        .addSecuritySchemes(
            API_KEY,
            new SecurityScheme()
                .type(SecurityScheme.Type.HTTP)
                .scheme("bearer")
                .bearerFormat("cs_...")
                .description(
                    "A workspace API key, sent as 'Authorization: Bearer cs_...'; it opens only"
                        + " its own workspace's routes."));
  }
}
