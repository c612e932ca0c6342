package io.callstream.flink.route;

import io.callstream.core.event.CallstreamEvent;
import io.callstream.core.event.Topic;
import io.callstream.flink.types.CallstreamEventTypeInfo;
import org.apache.flink.streaming.api.functions.ProcessFunction;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;

/**
 * Sends each event toward the topic its type belongs to: results stay on the main output (the
 * exactly-once insights sink); progress, usage, transcript segments (from transcription) and call
 * events (transcription ends audio calls) go to side outputs with sinks of their own.
 */
public final class ByTopic extends ProcessFunction<CallstreamEvent, CallstreamEvent> {

  private static final long serialVersionUID = 1L;

  public static final OutputTag<CallstreamEvent> PROGRESS =
      new OutputTag<>("progress", CallstreamEventTypeInfo.INSTANCE);
  public static final OutputTag<CallstreamEvent> USAGE =
      new OutputTag<>("usage", CallstreamEventTypeInfo.INSTANCE);
  public static final OutputTag<CallstreamEvent> TRANSCRIPT =
      new OutputTag<>("transcript", CallstreamEventTypeInfo.INSTANCE);
  public static final OutputTag<CallstreamEvent> CALLS =
      new OutputTag<>("calls", CallstreamEventTypeInfo.INSTANCE);

  @Override
  public void processElement(
      CallstreamEvent event, Context context, Collector<CallstreamEvent> out) {
    Topic topic = event.type().topic();
    switch (topic) {
      case INSIGHTS -> out.collect(event);
      case PROGRESS -> context.output(PROGRESS, event);
      case USAGE -> context.output(USAGE, event);
      case TRANSCRIPT -> context.output(TRANSCRIPT, event);
      case CALLS -> context.output(CALLS, event);
      default ->
          throw new IllegalStateException(
              "the jobs do not write to " + topic.topicName() + ": " + event.type());
    }
  }
}
