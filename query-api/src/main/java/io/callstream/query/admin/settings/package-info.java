/**
 * A workspace's settings over HTTP: its plan and retention ({@code /settings}) and its analysis
 * templates ({@code /templates}). Every change is checked against the caller's role, made in the
 * workspace's scope and audited in the same transaction.
 */
@NullMarked
package io.callstream.query.admin.settings;

import org.jspecify.annotations.NullMarked;
