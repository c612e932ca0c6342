/**
 * The live meeting dashboard: its static files (under {@code classpath:/static/dashboard/}, plain
 * ES modules with WebJars, no build step) served without a key at {@code /dashboard/}, the settings
 * the page reads first ({@code /dashboard/config.json}) and the credential check it signs in with
 * ({@code GET /v1/credential}).
 */
@NullMarked
package io.callstream.query.dashboard;

import org.jspecify.annotations.NullMarked;
