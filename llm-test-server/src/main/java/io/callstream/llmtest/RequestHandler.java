package io.callstream.llmtest;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.QueryStringDecoder;
import io.netty.handler.codec.http.multipart.Attribute;
import io.netty.handler.codec.http.multipart.DefaultHttpDataFactory;
import io.netty.handler.codec.http.multipart.FileUpload;
import io.netty.handler.codec.http.multipart.HttpData;
import io.netty.handler.codec.http.multipart.HttpPostRequestDecoder;
import io.netty.handler.codec.http.multipart.InterfaceHttpData;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/**
 * Answers the requests of one connection, on its event loop, so its fields need no locks. HTTP/1.1
 * answers a connection's requests in order, so at most one is pending: when the connection closes
 * first (the client gave up on a hang), the pending request leaves the in-flight count.
 */
final class RequestHandler extends SimpleChannelInboundHandler<FullHttpRequest> {

  static final String CHAT = "/v1/chat/completions";
  static final String TRANSCRIPTIONS = "/v1/audio/transcriptions";

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final AtomicLong IDS = new AtomicLong();

  private final OpenAiTestServer server;
  private boolean pending;
  private @Nullable ScheduledFuture<?> scheduled;

  RequestHandler(OpenAiTestServer server) {
    this.server = server;
  }

  @Override
  protected void channelRead0(ChannelHandlerContext ctx, FullHttpRequest request) {
    Instant receivedAt = Instant.now();
    String path = new QueryStringDecoder(request.uri()).path();
    boolean keepAlive = HttpUtil.isKeepAlive(request);
    if (!request.method().equals(HttpMethod.POST)
        || !(path.equals(CHAT) || path.equals(TRANSCRIPTIONS))) {
      send(ctx, keepAlive, error(HttpResponseStatus.NOT_FOUND, "not_found", "no route " + path));
      return;
    }
    Parsed parsed;
    try {
      parsed = path.equals(CHAT) ? chat(request) : transcription(request);
    } catch (ChatRequest.BadRequest | IOException e) {
      server.record(
          new RecordedRequest(
              receivedAt, path, null, null, body(request), Fault.BAD_REQUEST, 0, 0, false));
      send(ctx, keepAlive, badRequest(e.getMessage()));
      return;
    }
    if (!server.admit()) {
      server.record(parsed.recorded(receivedAt, path, Fault.RATE_LIMITED, 0, false));
      send(ctx, keepAlive, tooManyRequests());
      return;
    }
    pending = true;
    OpenAiTestServer.Decision decision = server.decide();
    switch (decision.fault()) {
      case RATE_LIMITED -> {
        server.record(parsed.recorded(receivedAt, path, Fault.RATE_LIMITED, 0, false));
        finish(ctx, keepAlive, this::tooManyRequests);
      }
      case BAD_REQUEST -> {
        server.record(parsed.recorded(receivedAt, path, Fault.BAD_REQUEST, 0, false));
        finish(ctx, keepAlive, () -> badRequest("scripted bad request"));
      }
      case HANG -> server.record(parsed.recorded(receivedAt, path, Fault.HANG, 0, false));
      case SERVER_ERROR -> {
        server.record(parsed.recorded(receivedAt, path, Fault.SERVER_ERROR, 0, false));
        later(
            ctx,
            decision.latencyNanos(),
            keepAlive,
            () ->
                error(
                    HttpResponseStatus.INTERNAL_SERVER_ERROR, "server_error", "injected failure"));
      }
      case OK, MALFORMED -> {
        boolean malformed = decision.fault() == Fault.MALFORMED;
        Answers.Answer answer = parsed.answer();
        String content = malformed ? answer.truncated() : answer.content();
        int completionTokens = ChatRequest.tokens(content);
        server.record(
            parsed.recorded(
                receivedAt, path, decision.fault(), completionTokens, answer.hallucinated()));
        later(
            ctx,
            decision.latencyNanos(),
            keepAlive,
            () -> parsed.ok(content, completionTokens, malformed));
      }
    }
  }

  @Override
  public void channelInactive(ChannelHandlerContext ctx) throws Exception {
    if (pending) {
      pending = false;
      server.release();
      if (scheduled != null) {
        scheduled.cancel(false);
      }
    }
    super.channelInactive(ctx);
  }

  @Override
  public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
    ctx.close();
  }

  /**
   * Answers after {@code nanos}; the response is built only then, so a dropped one holds no buffer.
   */
  private void later(
      ChannelHandlerContext ctx,
      long nanos,
      boolean keepAlive,
      Supplier<FullHttpResponse> response) {
    if (nanos <= 0) {
      finish(ctx, keepAlive, response);
    } else {
      scheduled =
          ctx.executor()
              .schedule(() -> finish(ctx, keepAlive, response), nanos, TimeUnit.NANOSECONDS);
    }
  }

  private void finish(
      ChannelHandlerContext ctx, boolean keepAlive, Supplier<FullHttpResponse> response) {
    if (!pending) {
      return;
    }
    pending = false;
    scheduled = null;
    server.release();
    send(ctx, keepAlive, response.get());
  }

  private static void send(
      ChannelHandlerContext ctx, boolean keepAlive, FullHttpResponse response) {
    HttpUtil.setContentLength(response, response.content().readableBytes());
    HttpUtil.setKeepAlive(response, keepAlive);
    var written = ctx.writeAndFlush(response);
    if (!keepAlive) {
      written.addListener(ChannelFutureListener.CLOSE);
    }
  }

  /** A request the server understood, ready to be answered or recorded. */
  private interface Parsed {

    RecordedRequest recorded(
        Instant receivedAt, String path, Fault answer, int completionTokens, boolean hallucinated);

    Answers.Answer answer();

    FullHttpResponse ok(String content, int completionTokens, boolean malformed);
  }

  private Parsed chat(FullHttpRequest request) throws ChatRequest.BadRequest {
    String body = body(request);
    ChatRequest chat = ChatRequest.parse(body);
    return new Parsed() {
      @Override
      public RecordedRequest recorded(
          Instant receivedAt, String path, Fault answer, int completionTokens, boolean ghost) {
        return new RecordedRequest(
            receivedAt,
            path,
            chat.model(),
            chat.schemaName(),
            body,
            answer,
            chat.promptTokens(),
            completionTokens,
            ghost);
      }

      @Override
      public Answers.Answer answer() {
        return server.answers().answer(chat.schemaName(), chat.lines());
      }

      @Override
      public FullHttpResponse ok(String content, int completionTokens, boolean malformed) {
        ObjectNode root = JSON.createObjectNode();
        root.put("id", "chatcmpl-" + IDS.incrementAndGet());
        root.put("object", "chat.completion");
        root.put("created", Instant.now().getEpochSecond());
        root.put("model", chat.model() == null ? "test-model" : chat.model());
        ObjectNode choice = root.putArray("choices").addObject();
        choice.put("index", 0);
        ObjectNode message = choice.putObject("message");
        message.put("role", "assistant");
        message.put("content", content);
        message.putNull("refusal");
        message.putArray("annotations");
        choice.putNull("logprobs");
        choice.put("finish_reason", "stop");
        ObjectNode usage = root.putObject("usage");
        usage.put("prompt_tokens", chat.promptTokens());
        usage.put("completion_tokens", completionTokens);
        usage.put("total_tokens", chat.promptTokens() + completionTokens);
        return json(HttpResponseStatus.OK, root.toString());
      }
    };
  }

  private Parsed transcription(FullHttpRequest request) throws IOException {
    if (!HttpPostRequestDecoder.isMultipart(request)) {
      throw new IOException("a transcription request must be multipart/form-data");
    }
    HttpPostRequestDecoder decoder =
        new HttpPostRequestDecoder(new DefaultHttpDataFactory(false), request);
    byte[] audio = null;
    String fileName = null;
    String model = null;
    String format = null;
    try {
      for (InterfaceHttpData data : decoder.getBodyHttpDatas()) {
        if (data instanceof HttpData file && file.getName().equals("file")) {
          audio = file.get();
          fileName = file instanceof FileUpload upload ? upload.getFilename() : null;
        } else if (data instanceof Attribute attribute && attribute.getName().equals("model")) {
          model = attribute.getValue();
        } else if (data instanceof Attribute attribute
            && attribute.getName().equals("response_format")) {
          format = attribute.getValue();
        }
      }
    } finally {
      decoder.destroy();
    }
    if (audio == null) {
      throw new IOException("the form has no file");
    }
    byte[] bytes = audio;
    ObjectNode summary = JSON.createObjectNode();
    summary.put("model", model);
    summary.put("file", fileName);
    summary.put("bytes", bytes.length);
    summary.put("response_format", format);
    summary.put("sha256", Transcription.hash(bytes));
    String body = summary.toString();
    String modelName = model;
    Transcription transcription = Transcription.of(bytes);
    boolean plain = "text".equals(format);
    String text =
        "verbose_json".equals(format)
            ? transcription.verbose(JSON).toString()
            : plain ? transcription.text() : transcription.json(JSON).toString();
    return new Parsed() {
      @Override
      public RecordedRequest recorded(
          Instant receivedAt, String path, Fault answer, int completionTokens, boolean ghost) {
        return new RecordedRequest(
            receivedAt, path, modelName, null, body, answer, 0, completionTokens, false);
      }

      @Override
      public Answers.Answer answer() {
        return new Answers.Answer(text, false);
      }

      @Override
      public FullHttpResponse ok(String content, int completionTokens, boolean malformed) {
        return plain ? plainText(content) : json(HttpResponseStatus.OK, content);
      }
    };
  }

  private FullHttpResponse tooManyRequests() {
    Duration wait = server.retryAfter();
    FullHttpResponse response =
        error(HttpResponseStatus.TOO_MANY_REQUESTS, "rate_limit_exceeded", "too many requests");
    long seconds = (wait.toMillis() + 999) / 1000;
    response.headers().set(HttpHeaderNames.RETRY_AFTER, Long.toString(seconds));
    response.headers().set("retry-after-ms", Long.toString(wait.toMillis()));
    return response;
  }

  private static FullHttpResponse badRequest(@Nullable String message) {
    return error(
        HttpResponseStatus.BAD_REQUEST,
        "invalid_request_error",
        message == null ? "bad request" : message);
  }

  private static FullHttpResponse error(HttpResponseStatus status, String type, String message) {
    ObjectNode root = JSON.createObjectNode();
    ObjectNode error = root.putObject("error");
    error.put("message", message);
    error.put("type", type);
    error.putNull("param");
    error.put("code", type);
    return json(status, root.toString());
  }

  private static FullHttpResponse json(HttpResponseStatus status, String body) {
    FullHttpResponse response =
        new DefaultFullHttpResponse(
            HttpVersion.HTTP_1_1, status, Unpooled.copiedBuffer(body, StandardCharsets.UTF_8));
    response.headers().set(HttpHeaderNames.CONTENT_TYPE, HttpHeaderValues.APPLICATION_JSON);
    return response;
  }

  private static FullHttpResponse plainText(String body) {
    FullHttpResponse response =
        new DefaultFullHttpResponse(
            HttpVersion.HTTP_1_1,
            HttpResponseStatus.OK,
            Unpooled.copiedBuffer(body, StandardCharsets.UTF_8));
    response.headers().set(HttpHeaderNames.CONTENT_TYPE, "text/plain; charset=utf-8");
    return response;
  }

  private static String body(FullHttpRequest request) {
    return request.content().toString(StandardCharsets.UTF_8);
  }
}
