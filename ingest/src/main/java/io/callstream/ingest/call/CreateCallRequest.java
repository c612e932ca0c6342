package io.callstream.ingest.call;

import io.callstream.core.event.Participant;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/** Body of {@code POST /v1/workspaces/{workspaceId}/calls}. */
public record CreateCallRequest(
    @Nullable String title,
    @Nullable String language,
    @Nullable String source,
    @Nullable List<Participant> participants,
    @Nullable Map<String, String> metadata) {}
