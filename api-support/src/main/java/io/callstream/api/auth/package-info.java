/**
 * Who is calling: workspace API keys and OAuth2 JWTs of signed-in users, turned by the Spring
 * Security wiring into a principal of one workspace with the role our tables give it; and the
 * permissions each role has.
 */
@NullMarked
package io.callstream.api.auth;

import org.jspecify.annotations.NullMarked;
