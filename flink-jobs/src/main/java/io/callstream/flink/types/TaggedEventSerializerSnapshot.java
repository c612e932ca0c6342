package io.callstream.flink.types;

import io.callstream.core.event.CallstreamEvent;
import io.callstream.core.event.EventType;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.api.common.typeutils.CompositeTypeSerializerSnapshot;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshot;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputView;

/**
 * The snapshot of a {@link TaggedEventSerializer}: its event types by tag (as CloudEvents type
 * strings, which never change meaning) and the snapshots of the nested POJO serializers, whose
 * compatibility rules (added or removed record components) Flink applies as usual.
 *
 * <p>A restore with a different list of event types, an added type included, is incompatible: Flink
 * compares nested serializers by position. Use this type on stream edges, not for long-lived state.
 */
public final class TaggedEventSerializerSnapshot
    extends CompositeTypeSerializerSnapshot<CallstreamEvent, TaggedEventSerializer> {

  private static final int VERSION = 1;

  private List<EventType> types = List.of();

  /** For Flink, which creates the snapshot by reflection and then reads it. */
  public TaggedEventSerializerSnapshot() {}

  TaggedEventSerializerSnapshot(TaggedEventSerializer serializer) {
    super(serializer);
    this.types = serializer.types();
  }

  @Override
  protected int getCurrentOuterSnapshotVersion() {
    return VERSION;
  }

  @Override
  protected TypeSerializer<?>[] getNestedSerializers(TaggedEventSerializer outerSerializer) {
    return outerSerializer.nestedSerializers();
  }

  @Override
  protected TaggedEventSerializer createOuterSerializerWithNestedSerializers(
      TypeSerializer<?>[] nestedSerializers) {
    return new TaggedEventSerializer(types, nestedSerializers);
  }

  @Override
  protected void writeOuterSnapshot(DataOutputView out) throws IOException {
    out.writeInt(types.size());
    for (EventType type : types) {
      out.writeUTF(type.ceType());
    }
  }

  @Override
  protected void readOuterSnapshot(
      int readOuterSnapshotVersion, DataInputView in, ClassLoader userCodeClassLoader)
      throws IOException {
    int count = in.readInt();
    List<EventType> read = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      String ceType = in.readUTF();
      read.add(
          EventType.fromCeType(ceType)
              .orElseThrow(
                  () -> new IOException("snapshot names an unknown event type " + ceType)));
    }
    this.types = List.copyOf(read);
  }

  @Override
  protected OuterSchemaCompatibility resolveOuterSchemaCompatibility(
      TypeSerializerSnapshot<CallstreamEvent> oldSerializerSnapshot) {
    return oldSerializerSnapshot instanceof TaggedEventSerializerSnapshot old
            && old.types.equals(types)
        ? OuterSchemaCompatibility.COMPATIBLE_AS_IS
        : OuterSchemaCompatibility.INCOMPATIBLE;
  }
}
