package io.callstream.query.openapi;

import io.swagger.v3.oas.models.Operation;
import io.swagger.v3.oas.models.media.Content;
import io.swagger.v3.oas.models.media.MediaType;
import io.swagger.v3.oas.models.media.Schema;
import io.swagger.v3.oas.models.responses.ApiResponse;
import io.swagger.v3.oas.models.responses.ApiResponses;
import java.util.Arrays;
import java.util.Objects;
import org.springdoc.core.customizers.OperationCustomizer;
import org.springframework.core.annotation.AnnotatedElementUtils;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.method.HandlerMethod;

/**
 * The live event routes as they answer: springdoc sees a response entity of any type in two media
 * types, while a stream answers {@code text/event-stream} frames and only its errors are problems.
 * Applies to every route that produces {@code text/event-stream}.
 */
final class EventStreamOperation implements OperationCustomizer {

  private static final String EVENT_STREAM =
      org.springframework.http.MediaType.TEXT_EVENT_STREAM_VALUE;

  @Override
  public Operation customize(Operation operation, HandlerMethod handlerMethod) {
    Objects.requireNonNull(operation, "operation must not be null");
    Objects.requireNonNull(handlerMethod, "handlerMethod must not be null");
    RequestMapping mapping =
        AnnotatedElementUtils.findMergedAnnotation(handlerMethod.getMethod(), RequestMapping.class);
    if (mapping == null || Arrays.stream(mapping.produces()).noneMatch(EVENT_STREAM::equals)) {
      return operation;
    }
    if (operation.getResponses() == null) {
      operation.responses(new ApiResponses());
    }
    Schema<String> frames =
        WorkspaceRoutes.<String>typed("string")
            .description(
                "Server-Sent Events. Each event: `id` (the stream's position, to send back as"
                    + " Last-Event-ID), `event` (the CloudEvents type) and `data` (the decrypted"
                    + " JSON view the REST routes answer with). Comment lines are heartbeats.");
    operation
        .getResponses()
        .addApiResponse(
            "200",
            new ApiResponse()
                .description(
                    "The stream: the events missed after Last-Event-ID, then live ones; without"
                        + " Last-Event-ID, live ones from now.")
                .content(new Content().addMediaType(EVENT_STREAM, new MediaType().schema(frames))))
        .addApiResponse(
            "503",
            new ApiResponse()
                .description("Live events are reconnecting; retry after Retry-After seconds.")
                .content(
                    new Content()
                        .addMediaType(
                            WorkspaceRoutes.PROBLEM_JSON,
                            new MediaType()
                                .schema(new Schema<>().$ref("#/components/schemas/Problem")))));
    return operation;
  }
}
