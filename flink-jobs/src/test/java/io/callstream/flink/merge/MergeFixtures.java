package io.callstream.flink.merge;

import io.callstream.analyzer.Branch;
import io.callstream.analyzer.ChunkFindings;
import io.callstream.analyzer.Finding;
import io.callstream.analyzer.FindingsJson;
import io.callstream.analyzer.TokenUsage;
import io.callstream.core.crypto.Field;
import io.callstream.core.crypto.FieldCipher;
import io.callstream.core.event.CallstreamEvent;
import io.callstream.core.event.Ciphertext;
import io.callstream.core.event.InsightDetected;
import io.callstream.core.event.MindmapUpdated;
import io.callstream.core.id.Ids;
import io.callstream.core.result.InsightBody;
import io.callstream.core.result.MindmapNode;
import io.callstream.core.result.ResultJson;
import io.callstream.flink.analyze.ChunkAnalyzed;
import io.callstream.flink.analyze.SegmentFacts;
import io.callstream.flink.crypto.CipherSettings;
import io.callstream.flink.types.CallstreamEventTypeInfo;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.flink.api.common.serialization.SerializerConfigImpl;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.api.java.functions.KeySelector;
import org.apache.flink.metrics.Counter;
import org.apache.flink.runtime.jobgraph.OperatorID;
import org.apache.flink.runtime.metrics.groups.InternalOperatorMetricGroup;
import org.apache.flink.runtime.metrics.util.InterceptingOperatorMetricGroup;
import org.apache.flink.runtime.metrics.util.InterceptingTaskMetricGroup;
import org.apache.flink.runtime.operators.testutils.MockEnvironment;
import org.apache.flink.runtime.operators.testutils.MockEnvironmentBuilder;
import org.apache.flink.streaming.api.operators.KeyedProcessOperator;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;

/**
 * One call's analyzed chunks with real encryption, and a {@link CallMerger} in a keyed harness
 * whose metrics can be read. Keys live in a temporary directory.
 */
final class MergeFixtures {

  static final String WORKSPACE = "ws-acme";
  static final String CALL = "call-merge";
  static final String ANALYZER = "local";

  final CipherSettings cipherSettings;
  final FieldCipher cipher;

  private MergeFixtures(Path directory) {
    this.cipherSettings =
        new CipherSettings(
            "file:" + directory.resolve("master.json"), directory.resolve("keysets").toString());
    this.cipher = cipherSettings.open();
  }

  static MergeFixtures in(Path directory) {
    return new MergeFixtures(directory);
  }

  static String segmentId(long sequence) {
    return Ids.deterministic("segment", CALL, sequence);
  }

  /** A segment of speaker {@code speaker} from {@code startMs} to {@code endMs}. */
  static SegmentFacts segment(long sequence, String speaker, long startMs, long endMs) {
    return new SegmentFacts(segmentId(sequence), sequence, speaker, startMs, endMs, false);
  }

  static SegmentFacts question(long sequence, String speaker, long startMs, long endMs) {
    return new SegmentFacts(segmentId(sequence), sequence, speaker, startMs, endMs, true);
  }

  /** Segments {@code from} to {@code to} (inclusive), ten seconds each, speakers taking turns. */
  static List<SegmentFacts> segments(long from, long to) {
    List<SegmentFacts> segments = new ArrayList<>();
    for (long sequence = from; sequence <= to; sequence++) {
      segments.add(
          segment(
              sequence,
              sequence % 2 == 0 ? "spk_0" : "spk_1",
              sequence * 10_000,
              sequence * 10_000 + 9_000));
    }
    return segments;
  }

  static Branch topic(String label, List<String> segmentIds, Branch... keyPoints) {
    return new Branch(label, segmentIds, List.of(keyPoints));
  }

  static Branch point(String label, String... segmentIds) {
    return new Branch(label, List.of(segmentIds), List.of());
  }

  static List<String> cites(long... sequences) {
    return Arrays.stream(sequences).mapToObj(MergeFixtures::segmentId).toList();
  }

  static ChunkFindings findings(List<Branch> branches, Finding... findings) {
    return new ChunkFindings(branches, List.of(findings), new TokenUsage(100, 20, 1));
  }

  /** A chunk the analyzer answered, its findings encrypted as the analyze step does. */
  ChunkAnalyzed analyzed(
      int index, boolean last, List<SegmentFacts> segments, ChunkFindings found) {
    Ciphertext findings =
        Ciphertext.of(cipher.encrypt(WORKSPACE, CALL, Field.MINDMAP, FindingsJson.write(found)));
    return new ChunkAnalyzed(
        WORKSPACE,
        CALL,
        Ids.deterministic("chunk", CALL, index),
        index,
        last,
        segments,
        findings,
        null,
        ANALYZER,
        found.usage().inputTokens(),
        found.usage().outputTokens(),
        found.usage().requests());
  }

  static ChunkAnalyzed failed(int index, boolean last, List<SegmentFacts> segments, String why) {
    return new ChunkAnalyzed(
        WORKSPACE,
        CALL,
        Ids.deterministic("chunk", CALL, index),
        index,
        last,
        segments,
        null,
        why,
        ANALYZER,
        0,
        0,
        0);
  }

  /** The closing chunk of a call with nothing left to say. */
  static ChunkAnalyzed emptyLast(int index, String analyzer) {
    return new ChunkAnalyzed(
        WORKSPACE,
        CALL,
        Ids.deterministic("chunk", CALL, index),
        index,
        true,
        List.of(),
        null,
        null,
        analyzer,
        0,
        0,
        0);
  }

  MindmapNode mindmapOf(MindmapUpdated update) {
    return readMindmap(update.mindmap());
  }

  MindmapNode readMindmap(Ciphertext ciphertext) {
    try {
      return ResultJson.readMindmap(
          cipher.decrypt(WORKSPACE, CALL, Field.MINDMAP, ciphertext.bytes()));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  InsightBody bodyOf(InsightDetected insight) {
    try {
      return ResultJson.readInsight(
          cipher.decrypt(WORKSPACE, CALL, Field.INSIGHT, insight.body().bytes()));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Every node of a tree, root first. */
  static Stream<MindmapNode> nodes(MindmapNode root) {
    return Stream.concat(Stream.of(root), root.children().stream().flatMap(MergeFixtures::nodes));
  }

  static <T extends CallstreamEvent> List<T> ofType(List<CallstreamEvent> events, Class<T> type) {
    return events.stream().filter(type::isInstance).map(type::cast).toList();
  }

  /** A merger in a keyed harness, its metrics intercepted; close it after use. */
  Harness harness(MergeSettings settings) throws Exception {
    InterceptingOperatorMetricGroup metrics = new InterceptingOperatorMetricGroup();
    MockEnvironment environment =
        new MockEnvironmentBuilder().setMetricGroup(new OperatorMetrics(metrics)).build();
    KeyedOneInputStreamOperatorTestHarness<String, ChunkAnalyzed, CallstreamEvent> harness =
        new KeyedOneInputStreamOperatorTestHarness<>(
            new KeyedProcessOperator<>(new CallMerger(cipherSettings, settings)),
            new ByCall(),
            Types.STRING,
            environment);
    // The merger's output type, as in the job; left out, the harness would copy every event with
    // the POJO serializer of the first one's class.
    harness.setup(CallstreamEventTypeInfo.INSTANCE.createSerializer(new SerializerConfigImpl()));
    return new Harness(harness, environment, metrics);
  }

  /** A harness with the metrics its merger registered. */
  record Harness(
      KeyedOneInputStreamOperatorTestHarness<String, ChunkAnalyzed, CallstreamEvent> operator,
      MockEnvironment environment,
      InterceptingOperatorMetricGroup metrics) {

    Harness open() throws Exception {
      operator.open();
      return this;
    }

    Harness receive(ChunkAnalyzed... chunks) throws Exception {
      for (ChunkAnalyzed chunk : chunks) {
        operator.processElement(chunk, 0L);
      }
      return this;
    }

    List<CallstreamEvent> output() {
      return operator.extractOutputValues();
    }

    List<CallToSynthesize> toSynthesize() {
      var records = operator.getSideOutput(CallMerger.TO_SYNTHESIZE);
      return records == null ? List.of() : records.stream().map(StreamRecord::getValue).toList();
    }

    long counter(String name) {
      return ((Counter) metrics.get(name)).getCount();
    }

    void close() throws Exception {
      operator.close();
      environment.close();
    }
  }

  /** Hands every operator the one intercepting metric group. */
  private static final class OperatorMetrics extends InterceptingTaskMetricGroup {
    private final InterceptingOperatorMetricGroup operator;

    OperatorMetrics(InterceptingOperatorMetricGroup operator) {
      this.operator = operator;
    }

    @Override
    public InternalOperatorMetricGroup getOrAddOperator(String name) {
      return operator;
    }

    @Override
    public InternalOperatorMetricGroup getOrAddOperator(
        OperatorID operatorId, String name, Map<String, String> additionalVariables) {
      return operator;
    }
  }

  /** Keys chunks by call, as the job does. */
  static final class ByCall implements KeySelector<ChunkAnalyzed, String> {
    private static final long serialVersionUID = 1L;

    @Override
    public String getKey(ChunkAnalyzed chunk) {
      return chunk.callId();
    }
  }
}
