/** Token counting with a real tokenizer. Non-null throughout. */
@NullMarked
package io.callstream.core.token;

import org.jspecify.annotations.NullMarked;
