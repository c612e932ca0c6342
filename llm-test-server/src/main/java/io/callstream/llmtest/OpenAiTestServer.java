package io.callstream.llmtest;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.group.DefaultChannelGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.util.concurrent.DefaultThreadFactory;
import io.netty.util.concurrent.GlobalEventExecutor;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Deque;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An OpenAI-compatible HTTP server on 127.0.0.1 for tests and benchmarks, so the real OpenAI SDK
 * can be pointed at something we control: configurable latency, a concurrency limit answered with
 * 429 and {@code Retry-After}, random (seeded) or scripted faults, and deterministic answers built
 * from the prompt's transcript lines, some with a citation of a segment the prompt does not have.
 *
 * <p>Endpoints: {@code POST /v1/chat/completions} (answers a {@code chat.completion}; the kind of
 * answer follows the {@code response_format} schema name: {@code call_synthesis} gets a synthesis,
 * anything else chunk findings; see {@code PromptLines} for the prompt format it reads) and {@code
 * POST /v1/audio/transcriptions} (multipart; answers {@code {"text": ...}} derived from the audio,
 * plain text with {@code response_format=text}, or with {@code response_format=verbose_json} also
 * its duration and one timed segment per region of speech the audio holds; see {@code
 * Transcription}).
 *
 * <p>Each admitted request takes, in arrival order, the next scripted fault, or else a random one
 * drawn with the latency from one {@link Random} seeded by {@link Builder#seed(long)}. A hung
 * request ends when its client closes the connection or the server closes. Thread-safe.
 */
public final class OpenAiTestServer implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(OpenAiTestServer.class);
  private static final int MAX_BODY_BYTES = 64 * 1024 * 1024;

  private final Latency latency;
  private final int concurrencyLimit;
  private final Duration retryAfter;
  private final Faults faults;
  private final Answers answers;
  private final Random random;
  private final Deque<Fault> script;
  private final List<RecordedRequest> requests = new ArrayList<>();
  private final AtomicInteger inFlight = new AtomicInteger();
  private final AtomicInteger inFlightPeak = new AtomicInteger();
  private final EventLoopGroup group;
  private final ChannelGroup channels;
  private final Channel serverChannel;

  private OpenAiTestServer(Builder builder) {
    this.latency = builder.latency;
    this.concurrencyLimit = builder.concurrencyLimit;
    this.retryAfter = builder.retryAfter;
    this.faults = builder.faults;
    this.answers = new Answers(builder.seed, builder.hallucinatedCitationRate);
    this.random = new Random(builder.seed);
    this.script = new ArrayDeque<>(builder.script);
    this.group =
        new MultiThreadIoEventLoopGroup(
            2, new DefaultThreadFactory("llm-test-server", true), NioIoHandler.newFactory());
    this.channels = new DefaultChannelGroup(GlobalEventExecutor.INSTANCE);
    try {
      this.serverChannel =
          new ServerBootstrap()
              .group(group)
              .channel(NioServerSocketChannel.class)
              .childHandler(
                  new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel channel) {
                      channels.add(channel);
                      channel
                          .pipeline()
                          .addLast(new HttpServerCodec())
                          .addLast(new HttpObjectAggregator(MAX_BODY_BYTES))
                          .addLast(new RequestHandler(OpenAiTestServer.this));
                    }
                  })
              .bind(new InetSocketAddress("127.0.0.1", 0))
              .syncUninterruptibly()
              .channel();
    } catch (RuntimeException e) {
      group.shutdownGracefully(0, 1, TimeUnit.SECONDS);
      throw e;
    }
    LOG.debug("OpenAI test server on {}", baseUrl());
  }

  public static Builder builder() {
    return new Builder();
  }

  /** The base URL the OpenAI SDK wants: {@code http://127.0.0.1:PORT/v1}. */
  public String baseUrl() {
    return "http://127.0.0.1:" + port() + "/v1";
  }

  public int port() {
    return ((InetSocketAddress) serverChannel.localAddress()).getPort();
  }

  /** Every request to the two endpoints so far, in the order they arrived. */
  public List<RecordedRequest> requests() {
    synchronized (requests) {
      return List.copyOf(requests);
    }
  }

  /** Requests admitted and not yet answered (hung ones included) right now. */
  public int inFlight() {
    return inFlight.get();
  }

  /** The most requests ever in flight at once; never above the concurrency limit. */
  public int inFlightPeak() {
    return inFlightPeak.get();
  }

  /** Stops listening and closes every connection, which ends hung requests. */
  @Override
  public void close() {
    serverChannel.close().syncUninterruptibly();
    channels.close().awaitUninterruptibly();
    group.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
  }

  /** How one admitted request is answered, and after how long. */
  record Decision(Fault fault, long latencyNanos) {}

  /** Admits a request, or says no when the concurrency limit is reached. */
  boolean admit() {
    while (true) {
      int current = inFlight.get();
      if (current >= concurrencyLimit) {
        return false;
      }
      if (inFlight.compareAndSet(current, current + 1)) {
        inFlightPeak.accumulateAndGet(current + 1, Math::max);
        return true;
      }
    }
  }

  /** Ends an admitted request: answered, or its connection closed. */
  void release() {
    inFlight.decrementAndGet();
  }

  synchronized Decision decide() {
    Fault fault = script.isEmpty() ? faults.pick(random.nextDouble()) : script.poll();
    return new Decision(fault, latency.sampleNanos(random));
  }

  Answers answers() {
    return answers;
  }

  Duration retryAfter() {
    return retryAfter;
  }

  void record(RecordedRequest request) {
    synchronized (requests) {
      requests.add(request);
    }
  }

  /** Configures and starts an {@link OpenAiTestServer}. Not thread-safe. */
  public static final class Builder {

    private Latency latency = Latency.zero();
    private int concurrencyLimit = Integer.MAX_VALUE;
    private Duration retryAfter = Duration.ofSeconds(1);
    private Faults faults = Faults.none();
    private List<Fault> script = List.of();
    private double hallucinatedCitationRate;
    private long seed = 42;

    private Builder() {}

    /** Latency of every answer but 429s and 400s, which come at once. Default: zero. */
    public Builder latency(Latency latency) {
      this.latency = requireNonNull(latency, "latency");
      return this;
    }

    /**
     * More than {@code limit} requests in flight are answered 429 with {@code Retry-After} (whole
     * seconds, rounded up) and {@code retry-after-ms}. Default: no limit.
     */
    public Builder concurrencyLimit(int limit, Duration retryAfter) {
      if (limit < 1) {
        throw new IllegalArgumentException("limit must be at least 1, was " + limit);
      }
      this.concurrencyLimit = limit;
      return retryAfter(retryAfter);
    }

    /** What every 429 asks the client to wait. Default: 1 second. */
    public Builder retryAfter(Duration retryAfter) {
      requireNonNull(retryAfter, "retryAfter");
      if (retryAfter.isNegative()) {
        throw new IllegalArgumentException("retryAfter must not be negative");
      }
      this.retryAfter = retryAfter;
      return this;
    }

    /** Random faults, drawn with the seed. Default: none. */
    public Builder faults(Faults faults) {
      this.faults = requireNonNull(faults, "faults");
      return this;
    }

    /**
     * Faults for the first admitted requests, in order ({@code script(MALFORMED, OK)}: the first is
     * malformed, the second fine); later requests get random faults.
     */
    public Builder script(Fault... faults) {
      requireNonNull(faults, "faults");
      this.script = List.copyOf(Arrays.asList(faults));
      return this;
    }

    /**
     * Fraction of answers in [0, 1] that also cite a segment id not in the prompt, so grounding can
     * be tested. Decided per prompt, so the same prompt always answers the same. Default: 0.
     */
    public Builder hallucinatedCitationRate(double rate) {
      if (!(rate >= 0 && rate <= 1)) {
        throw new IllegalArgumentException("rate must be in [0, 1], was " + rate);
      }
      this.hallucinatedCitationRate = rate;
      return this;
    }

    /** Seed of the random faults, latencies and hallucinations. Default: 42. */
    public Builder seed(long seed) {
      this.seed = seed;
      return this;
    }

    /** Binds a free port on 127.0.0.1 and starts answering. */
    public OpenAiTestServer start() {
      return new OpenAiTestServer(this);
    }

    private static <T> T requireNonNull(T value, String name) {
      if (value == null) {
        throw new IllegalArgumentException(name + " must not be null");
      }
      return value;
    }
  }
}
