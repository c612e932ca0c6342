/**
 * The retention purge: on a schedule, deletes every call older than its workspace keeps calls (the
 * plan's default, or the workspace's own setting), with everything derived from it. Deletes, never
 * hides.
 */
@NullMarked
package io.callstream.query.privacy.retention;

import org.jspecify.annotations.NullMarked;
