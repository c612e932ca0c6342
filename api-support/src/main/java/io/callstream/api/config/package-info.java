/** Configuration from the environment, in the names the README documents. */
package io.callstream.api.config;
