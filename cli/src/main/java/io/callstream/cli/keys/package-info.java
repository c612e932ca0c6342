/** callstream keys: create and revoke workspace API keys. */
@NullMarked
package io.callstream.cli.keys;

import org.jspecify.annotations.NullMarked;
