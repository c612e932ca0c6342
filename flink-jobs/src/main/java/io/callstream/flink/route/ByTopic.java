package io.callstream.flink.route;

import io.callstream.core.event.CallstreamEvent;
import io.callstream.core.event.Topic;
import io.callstream.flink.types.CallstreamEventTypeInfo;
import org.apache.flink.streaming.api.functions.ProcessFunction;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;

/**
 * Sends each result event toward the topic its type belongs to: results stay on the main output
 * (the exactly-once insights sink), progress and usage go to side outputs with sinks of their own.
 */
public final class ByTopic extends ProcessFunction<CallstreamEvent, CallstreamEvent> {

  private static final long serialVersionUID = 1L;

  public static final OutputTag<CallstreamEvent> PROGRESS =
      new OutputTag<>("progress", CallstreamEventTypeInfo.INSTANCE);
  public static final OutputTag<CallstreamEvent> USAGE =
      new OutputTag<>("usage", CallstreamEventTypeInfo.INSTANCE);

  @Override
  public void processElement(
      CallstreamEvent event, Context context, Collector<CallstreamEvent> out) {
    Topic topic = event.type().topic();
    switch (topic) {
      case INSIGHTS -> out.collect(event);
      case PROGRESS -> context.output(PROGRESS, event);
      case USAGE -> context.output(USAGE, event);
      default ->
          throw new IllegalStateException(
              "analysis does not write to " + topic.topicName() + ": " + event.type());
    }
  }
}
