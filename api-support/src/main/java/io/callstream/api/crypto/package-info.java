/** The field cipher and the blind search index of the services, configured from the environment. */
package io.callstream.api.crypto;
