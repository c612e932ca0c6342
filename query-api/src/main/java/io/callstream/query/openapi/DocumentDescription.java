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

  /** The name of the OAuth2 / OpenID Connect access-token scheme. */
  static final String JWT = "oidcToken";

  static final String TITLE = "callstream query API";
  static final String VERSION = "v1";

  private static final String DESCRIPTION =
      """
      A workspace's calls as the streaming pipeline analysed them: calls with their status and \
      progress, decrypted mindmaps, insights, summaries, conversation metrics and exports; and \
      the workspace's administration: members, API keys, settings, keys, audit log, export and \
      erasure. Workspace routes are under /v1/workspaces/{workspaceId}/ and need an API key of \
      that workspace or a signed-in member's access token; a resource of another workspace \
      answers 404, as if it did not exist, and too little role 403 (docs/permissions.md). Routes \
      of a person (/v1/me, /v1/invitations/accept) need an access token. Errors are RFC 9457 \
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
                        + " its own workspace's routes, with the role it was created with."))
        .addSecuritySchemes(
            JWT,
            new SecurityScheme()
                .type(SecurityScheme.Type.HTTP)
                .scheme("bearer")
                .bearerFormat("JWT")
                .description(
                    "An access token of the configured OpenID Connect issuer; the role in a"
                        + " workspace is the user's membership there, never a claim."));
  }
}
