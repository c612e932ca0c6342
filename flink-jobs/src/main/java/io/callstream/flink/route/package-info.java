/** Routing of the analysis job's output events to their topics. */
@NullMarked
package io.callstream.flink.route;

import org.jspecify.annotations.NullMarked;
