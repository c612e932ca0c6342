package io.callstream.ingest.call;

import java.util.Map;

/** Answer to a created call: its id and where to send its content. */
public record CallCreated(String callId, Map<String, String> links) {}
