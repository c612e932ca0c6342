/**
 * Rectification: correcting what is stored about a call, everywhere it is stored (a speaker's name,
 * an insight's text), re-encrypted where it is encrypted, and audited without the content.
 */
@NullMarked
package io.callstream.query.privacy.rectification;

import org.jspecify.annotations.NullMarked;
