/** The field cipher of the services, configured from the environment. */
package io.callstream.api.crypto;
