package io.callstream.query.dashboard;

import org.jspecify.annotations.Nullable;

/**
 * What the dashboard reads before it signs in ({@code GET /dashboard/config.json}). Immutable.
 *
 * @param oidc the issuer users sign in with; null when only API keys sign in
 * @param ingestUrl where uploads go (the ingest service, another origin); null when the page should
 *     assume ingest on port 8081 of its own host
 */
public record DashboardConfigView(@Nullable Oidc oidc, @Nullable String ingestUrl) {

  /**
   * The OIDC issuer and the dashboard's client id there.
   *
   * @param clientId null when the issuer is configured for the API but no client for the page
   */
  public record Oidc(String issuer, @Nullable String clientId) {}
}
