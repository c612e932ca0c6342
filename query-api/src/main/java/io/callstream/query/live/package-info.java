/**
 * Live events over Server-Sent Events: a call's or a whole workspace's results and progress as they
 * are stored, resumable with {@code Last-Event-ID} from the event log in PostgreSQL.
 */
@NullMarked
package io.callstream.query.live;

import org.jspecify.annotations.NullMarked;
