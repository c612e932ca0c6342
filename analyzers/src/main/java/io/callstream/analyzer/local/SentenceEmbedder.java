package io.callstream.analyzer.local;

import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import dev.langchain4j.data.embedding.Embedding;
import dev.langchain4j.data.segment.TextSegment;
import dev.langchain4j.model.embedding.onnx.AbstractInProcessEmbeddingModel;
import dev.langchain4j.model.embedding.onnx.OnnxBertBiEncoder;
import dev.langchain4j.model.embedding.onnx.PoolingMode;
import dev.langchain4j.model.embedding.onnx.allminilml6v2q.AllMiniLmL6V2QuantizedEmbeddingModel;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;

/**
 * Sentence embeddings from all-MiniLM-L6-v2 (quantized, 384 dimensions, unit length), run
 * in-process by ONNX Runtime from the model that langchain4j ships in a Maven Central jar. One
 * model per JVM, loaded on first use; thread-safe.
 *
 * <p>Why not {@code new AllMiniLmL6V2QuantizedEmbeddingModel()}: its ONNX session runs every
 * embedding on as many threads as the machine has cores, and it fans a batch out over its own
 * thread pool. Here each embedding runs on the calling thread alone, so the analyzer's bounded pool
 * (and Flink's parallelism) decides how many cores analysis uses, and "one thread" means one core.
 */
final class SentenceEmbedder {

  static final int DIMENSION = 384;

  private static final String MODEL = "all-minilm-l6-v2-q.onnx";
  private static final String TOKENIZER = "all-minilm-l6-v2-q-tokenizer.json";
  private static final String DJL_OFFLINE = "ai.djl.offline";

  private final SingleThreadMiniLm model;

  private SentenceEmbedder(SingleThreadMiniLm model) {
    this.model = model;
  }

  /** The JVM's embedder; the first call loads the model (about a second). */
  static SentenceEmbedder shared() {
    return Holder.INSTANCE;
  }

  /** Unit-length embeddings of the texts, in order; every text must have a word in it. */
  float[][] embed(List<String> texts) {
    List<TextSegment> segments = new ArrayList<>(texts.size());
    for (String text : texts) {
      segments.add(TextSegment.from(text));
    }
    if (segments.isEmpty()) {
      return new float[0][];
    }
    List<Embedding> embeddings = model.embedAll(segments).content();
    float[][] vectors = new float[embeddings.size()][];
    for (int i = 0; i < vectors.length; i++) {
      vectors[i] = embeddings.get(i).vector();
    }
    return vectors;
  }

  private static final class Holder {
    static final SentenceEmbedder INSTANCE = new SentenceEmbedder(SingleThreadMiniLm.load());
  }

  /** The langchain4j model over an ONNX session with one intra-op thread, batches run inline. */
  private static final class SingleThreadMiniLm extends AbstractInProcessEmbeddingModel {

    private final OnnxBertBiEncoder encoder;

    private SingleThreadMiniLm(OnnxBertBiEncoder encoder) {
      super(Runnable::run);
      this.encoder = encoder;
    }

    static SingleThreadMiniLm load() {
      // The tokenizer's library (DJL) phones home with telemetry unless told it is offline; this
      // analyzer promises no network, so it says so unless the application already decided.
      if (System.getProperty(DJL_OFFLINE) == null) {
        System.setProperty(DJL_OFFLINE, "true");
      }
      // A class literal does not initialize the class, so its static default model is not loaded.
      ClassLoader jar = AllMiniLmL6V2QuantizedEmbeddingModel.class.getClassLoader();
      try (InputStream model = resource(jar, MODEL);
          InputStream tokenizer = resource(jar, TOKENIZER)) {
        // Left open: it lives as long as the session, which lives as long as the JVM.
        OrtSession.SessionOptions options = new OrtSession.SessionOptions();
        options.setIntraOpNumThreads(1);
        options.setInterOpNumThreads(1);
        options.setExecutionMode(OrtSession.SessionOptions.ExecutionMode.SEQUENTIAL);
        OrtEnvironment environment = OrtEnvironment.getEnvironment();
        OrtSession session = environment.createSession(model.readAllBytes(), options);
        return new SingleThreadMiniLm(
            new OnnxBertBiEncoder(environment, session, tokenizer, PoolingMode.MEAN));
      } catch (IOException e) {
        throw new UncheckedIOException("cannot read the embedding model", e);
      } catch (OrtException e) {
        throw new IllegalStateException("cannot load the embedding model", e);
      }
    }

    private static InputStream resource(ClassLoader loader, String name) throws IOException {
      InputStream in = loader.getResourceAsStream(name);
      if (in == null) {
        throw new IOException("no " + name + " on the class path");
      }
      return in;
    }

    @Override
    protected OnnxBertBiEncoder model() {
      return encoder;
    }

    @Override
    protected Integer knownDimension() {
      return DIMENSION;
    }
  }
}
