/**
 * Workspace API keys: generation, hashing, lookup and the Spring Security wiring that turns a
 * bearer key into a workspace-scoped principal.
 */
package io.callstream.api.auth;
