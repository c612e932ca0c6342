/**
 * The export of a whole workspace as one JSON document, decrypted, streamed in chunks so that its
 * size never sits in memory.
 */
@NullMarked
package io.callstream.query.privacy.export;

import org.jspecify.annotations.NullMarked;
