/** Field encryption inside Flink operators: no call content in plaintext in records or state. */
@NullMarked
package io.callstream.flink.crypto;

import org.jspecify.annotations.NullMarked;
