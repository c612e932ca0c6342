/** The final synthesis pass of the analysis job, on call end. */
@NullMarked
package io.callstream.flink.synthesize;

import org.jspecify.annotations.NullMarked;
