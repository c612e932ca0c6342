package io.callstream.query.api;

import io.callstream.core.result.MindmapNode;
import java.time.Instant;

/**
 * A call's latest mindmap, decrypted: a tree whose nodes cite transcript segments with their time
 * spans. Immutable.
 *
 * @param version the mindmap's version; a later one replaces it
 * @param analyzer which analyzer made it
 * @param updatedAt when that version was made
 */
public record MindmapView(
    String callId, long version, String analyzer, Instant updatedAt, MindmapNode root) {}
