/** Progress reporting: how far each call has come through the pipeline. */
package io.callstream.flink.progress;
