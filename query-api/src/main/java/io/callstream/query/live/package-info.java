/**
 * Live events: the log of every stored result, progress and transcript event in PostgreSQL, the
 * feed that tells each instance about new ones (PostgreSQL {@code LISTEN/NOTIFY}), and the
 * Server-Sent Event streams of a call or a whole workspace that replay the log after {@code
 * Last-Event-ID} and then follow the feed.
 */
@NullMarked
package io.callstream.query.live;

import org.jspecify.annotations.NullMarked;
