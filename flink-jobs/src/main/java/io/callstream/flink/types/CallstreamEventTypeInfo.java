package io.callstream.flink.types;

import io.callstream.core.event.CallstreamEvent;
import org.apache.flink.api.common.serialization.SerializerConfig;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.jspecify.annotations.Nullable;

/**
 * The Flink type of a stream that carries events of several types, such as the merge step's
 * mindmap, insight, metrics, progress and usage events. {@code
 * TypeInformation.of(CallstreamEvent.class)} would fall back to Kryo, since the sealed interface is
 * no POJO; this type writes a one-byte tag naming the event type and then the event with the POJO
 * serializer of its record class (see {@link TaggedEventSerializer}).
 *
 * <pre>{@code
 * stream.process(fn).returns(CallstreamEventTypeInfo.INSTANCE);
 * new OutputTag<>("results", CallstreamEventTypeInfo.INSTANCE);
 * }</pre>
 *
 * <p>Immutable and thread-safe.
 */
public final class CallstreamEventTypeInfo extends TypeInformation<CallstreamEvent> {

  private static final long serialVersionUID = 1L;

  /** The one instance; every instance is equal to it anyway. */
  public static final CallstreamEventTypeInfo INSTANCE = new CallstreamEventTypeInfo();

  private CallstreamEventTypeInfo() {}

  @Override
  public boolean isBasicType() {
    return false;
  }

  @Override
  public boolean isTupleType() {
    return false;
  }

  @Override
  public int getArity() {
    return 1;
  }

  @Override
  public int getTotalFields() {
    return 1;
  }

  @Override
  public Class<CallstreamEvent> getTypeClass() {
    return CallstreamEvent.class;
  }

  /** Not a key type: streams of events are keyed by call id, never by the event itself. */
  @Override
  public boolean isKeyType() {
    return false;
  }

  @Override
  public TypeSerializer<CallstreamEvent> createSerializer(SerializerConfig config) {
    return TaggedEventSerializer.of(config);
  }

  @Override
  public String toString() {
    return "CallstreamEvent(tagged POJO)";
  }

  @Override
  public boolean equals(@Nullable Object other) {
    return other instanceof CallstreamEventTypeInfo;
  }

  @Override
  public int hashCode() {
    return CallstreamEvent.class.hashCode();
  }

  @Override
  public boolean canEqual(@Nullable Object other) {
    return other instanceof CallstreamEventTypeInfo;
  }

  private Object readResolve() {
    return INSTANCE;
  }
}
