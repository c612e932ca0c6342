package io.callstream.ingest.testing;

/**
 * A workspace made for one test class, with an API key of it.
 *
 * @param workspaceId the workspace
 * @param apiKey the key's token, {@code cs_<id>_<secret>}
 * @param keyId the key's visible id
 */
public record TestWorkspace(String workspaceId, String apiKey, String keyId) {

  /** The value of an {@code Authorization} header that presents the key. */
  public String bearer() {
    return "Bearer " + apiKey;
  }

  /** {@code /v1/workspaces/<workspaceId>/calls}. */
  public String calls() {
    return "/v1/workspaces/" + workspaceId + "/calls";
  }

  /** {@code /v1/workspaces/<workspaceId>/calls/<callId>/transcript}. */
  public String transcript(String callId) {
    return calls() + "/" + callId + "/transcript";
  }
}
