package io.callstream.query.openapi;

import io.callstream.query.api.ExportController;
import io.callstream.query.export.ExportFormat;
import io.callstream.query.export.ExportFormats;
import io.swagger.v3.oas.models.Operation;
import io.swagger.v3.oas.models.headers.Header;
import io.swagger.v3.oas.models.media.Content;
import io.swagger.v3.oas.models.media.MediaType;
import io.swagger.v3.oas.models.media.Schema;
import io.swagger.v3.oas.models.responses.ApiResponse;
import io.swagger.v3.oas.models.responses.ApiResponses;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import org.springdoc.core.customizers.OperationCustomizer;
import org.springframework.util.MimeTypeUtils;
import org.springframework.web.method.HandlerMethod;

/**
 * The export route as it answers: springdoc sees only a stream of buffers (an array of {@code
 * DataBuffer} as JSON), while the route writes one file in the media type of its {@code format}.
 * Describes the formats from {@link ExportFormats}, so a new format is documented without an edit
 * here.
 */
final class ExportOperation implements OperationCustomizer {

  private static final String METHOD = "export";
  private static final String FORMAT = "format";

  @Override
  public Operation customize(Operation operation, HandlerMethod handlerMethod) {
    Objects.requireNonNull(operation, "operation must not be null");
    Objects.requireNonNull(handlerMethod, "handlerMethod must not be null");
    if (handlerMethod.getBeanType() != ExportController.class
        || !handlerMethod.getMethod().getName().equals(METHOD)) {
      return operation;
    }
    List<ExportFormat> formats =
        Arrays.stream(ExportFormats.values()).map(ExportFormats::format).toList();
    if (operation.getParameters() != null) {
      operation.getParameters().stream()
          .filter(parameter -> FORMAT.equals(parameter.getName()))
          .forEach(
              parameter -> {
                Schema<String> names = WorkspaceRoutes.typed("string");
                names.setDefault("json");
                formats.forEach(format -> names.addEnumItemObject(format.name()));
                parameter.description("The file format; JSON when absent.").schema(names);
              });
    }
    Content files = new Content();
    for (ExportFormat format : formats) {
      var type = MimeTypeUtils.parseMimeType(format.mediaType());
      files.addMediaType(
          type.getType() + "/" + type.getSubtype(),
          new MediaType().schema(WorkspaceRoutes.typed("string")));
    }
    if (operation.getResponses() == null) {
      operation.responses(new ApiResponses());
    }
    operation
        .getResponses()
        .addApiResponse(
            "200",
            new ApiResponse()
                .description("The export, as a file in the media type of its format.")
                .content(files)
                .addHeaderObject(
                    "Content-Disposition",
                    new Header()
                        .description("attachment, with a file name from the call's title.")
                        .schema(WorkspaceRoutes.typed("string"))));
    return operation;
  }
}
