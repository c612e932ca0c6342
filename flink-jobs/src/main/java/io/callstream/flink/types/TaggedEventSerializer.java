package io.callstream.flink.types;

import io.callstream.core.event.CallstreamEvent;
import io.callstream.core.event.EventType;
import java.io.IOException;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import org.apache.flink.api.common.serialization.SerializerConfig;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshot;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputView;
import org.jspecify.annotations.Nullable;

/**
 * Serializes any {@link CallstreamEvent} as a one-byte tag, the position of its {@link EventType}
 * in this serializer's type list, followed by the event in the POJO serializer of its record class.
 * The type list is written into the snapshot, so a restored serializer reads its tags the way they
 * were written.
 *
 * <p>Not thread-safe (its nested POJO serializers are not): use {@link #duplicate()} per thread, as
 * Flink does.
 */
public final class TaggedEventSerializer extends TypeSerializer<CallstreamEvent> {

  private static final long serialVersionUID = 1L;

  private final List<EventType> types;
  private final TypeSerializer<CallstreamEvent>[] serializers;
  private final int[] tagByOrdinal;

  TaggedEventSerializer(List<EventType> types, TypeSerializer<?>[] serializers) {
    Objects.requireNonNull(types, "types must not be null");
    Objects.requireNonNull(serializers, "serializers must not be null");
    if (types.size() != serializers.length) {
      throw new IllegalArgumentException(
          "one serializer per type expected, was "
              + serializers.length
              + " serializers for "
              + types.size()
              + " types");
    }
    if (types.size() > Byte.MAX_VALUE) {
      throw new IllegalArgumentException("at most 127 event types fit a one-byte tag");
    }
    this.types = List.copyOf(types);
    this.serializers = asEventSerializers(serializers);
    this.tagByOrdinal = new int[EventType.values().length];
    Arrays.fill(tagByOrdinal, -1);
    for (int tag = 0; tag < this.types.size(); tag++) {
      tagByOrdinal[this.types.get(tag).ordinal()] = tag;
    }
  }

  /**
   * A serializer of every event type, in the order of {@link EventType}, built with {@code config}.
   */
  public static TaggedEventSerializer of(SerializerConfig config) {
    Objects.requireNonNull(config, "config must not be null");
    List<EventType> types = List.of(EventType.values());
    TypeSerializer<?>[] serializers = new TypeSerializer<?>[types.size()];
    for (int tag = 0; tag < serializers.length; tag++) {
      serializers[tag] = TypeInformation.of(types.get(tag).eventClass()).createSerializer(config);
    }
    return new TaggedEventSerializer(types, serializers);
  }

  /** The event types by tag. */
  List<EventType> types() {
    return types;
  }

  /** The nested serializers by tag. */
  TypeSerializer<?>[] nestedSerializers() {
    return serializers.clone();
  }

  @Override
  public boolean isImmutableType() {
    return false;
  }

  @Override
  public TypeSerializer<CallstreamEvent> duplicate() {
    TypeSerializer<?>[] duplicates = new TypeSerializer<?>[serializers.length];
    boolean stateful = false;
    for (int tag = 0; tag < serializers.length; tag++) {
      duplicates[tag] = serializers[tag].duplicate();
      stateful |= duplicates[tag] != serializers[tag];
    }
    return stateful ? new TaggedEventSerializer(types, duplicates) : this;
  }

  /** There is no blank event to reuse: events are records, built whole on deserialization. */
  @Override
  public @Nullable CallstreamEvent createInstance() {
    return null;
  }

  @Override
  public CallstreamEvent copy(CallstreamEvent from) {
    return serializers[tagOf(from)].copy(from);
  }

  @Override
  public CallstreamEvent copy(CallstreamEvent from, @Nullable CallstreamEvent reuse) {
    return copy(from);
  }

  @Override
  public int getLength() {
    return -1;
  }

  @Override
  public void serialize(CallstreamEvent event, DataOutputView target) throws IOException {
    int tag = tagOf(event);
    target.writeByte(tag);
    serializers[tag].serialize(event, target);
  }

  @Override
  public CallstreamEvent deserialize(DataInputView source) throws IOException {
    return serializers[readTag(source)].deserialize(source);
  }

  @Override
  public CallstreamEvent deserialize(@Nullable CallstreamEvent reuse, DataInputView source)
      throws IOException {
    return deserialize(source);
  }

  @Override
  public void copy(DataInputView source, DataOutputView target) throws IOException {
    int tag = readTag(source);
    target.writeByte(tag);
    serializers[tag].copy(source, target);
  }

  @Override
  public boolean equals(@Nullable Object other) {
    return other instanceof TaggedEventSerializer that
        && types.equals(that.types)
        && Arrays.equals(serializers, that.serializers);
  }

  @Override
  public int hashCode() {
    return 31 * types.hashCode() + Arrays.hashCode(serializers);
  }

  @Override
  public TypeSerializerSnapshot<CallstreamEvent> snapshotConfiguration() {
    return new TaggedEventSerializerSnapshot(this);
  }

  private int tagOf(CallstreamEvent event) {
    int tag = tagByOrdinal[event.type().ordinal()];
    if (tag < 0) {
      // only a serializer restored from a snapshot older than the event type gets here
      throw new IllegalArgumentException(
          "this serializer has no tag for " + event.type() + "; it knows " + types);
    }
    return tag;
  }

  private int readTag(DataInputView source) throws IOException {
    int tag = source.readByte();
    if (tag < 0 || tag >= serializers.length) {
      throw new IOException(
          "corrupt event: tag " + tag + " is not one of the " + serializers.length + " known");
    }
    return tag;
  }

  @SuppressWarnings({"unchecked", "rawtypes"}) // no generic array creation in Java
  private static TypeSerializer<CallstreamEvent>[] asEventSerializers(
      TypeSerializer<?>[] serializers) {
    // Safe: the serializer at a tag only ever sees events of the type at that tag.
    TypeSerializer<CallstreamEvent>[] copy = new TypeSerializer[serializers.length];
    for (int tag = 0; tag < serializers.length; tag++) {
      copy[tag] =
          (TypeSerializer<CallstreamEvent>)
              Objects.requireNonNull(serializers[tag], "serializers must not contain null");
    }
    return copy;
  }
}
