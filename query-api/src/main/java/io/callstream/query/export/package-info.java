/**
 * Exports of one call's mindmap and insights as files other tools open: JSON, a Markdown outline
 * (markmap), OPML 2.0, FreeMind {@code .mm} and a Mermaid {@code mindmap}. Pure functions of a
 * {@link io.callstream.query.export.CallExport}; no I/O beyond the stream they are given.
 */
@NullMarked
package io.callstream.query.export;

import org.jspecify.annotations.NullMarked;
