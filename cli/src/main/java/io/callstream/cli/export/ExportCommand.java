package io.callstream.cli.export;

import io.callstream.cli.CliException;
import io.callstream.cli.ExitCode;
import io.callstream.cli.http.ApiClient;
import io.callstream.cli.http.ApiOptions;
import io.callstream.cli.http.Paths;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code callstream export CALL --format F [-o FILE]}: the call's mindmap and insights as the query
 * API exports them, to a file or to stdout. A file is written whole or not at all (written beside
 * it, then moved into place).
 */
@Command(
    name = "export",
    mixinStandardHelpOptions = true,
    description = "Export a call's mindmap, insights and summary (Manager or Owner key).")
public final class ExportCommand implements Callable<Integer> {

  /** The formats of {@code GET .../export}. */
  static final List<String> FORMATS = List.of("json", "md", "opml", "mm", "mermaid");

  @Spec CommandSpec spec;

  @Mixin ApiOptions options = new ApiOptions();

  @Parameters(index = "0", paramLabel = "CALL", description = "the call id")
  String callId = "";

  @Option(
      names = {"-f", "--format"},
      paramLabel = "FORMAT",
      defaultValue = "json",
      description =
          "json, md (markmap Markdown), opml, mm (FreeMind) or mermaid (default ${DEFAULT-VALUE})")
  String format = "json";

  @Option(
      names = {"-o", "--output"},
      paramLabel = "FILE",
      description = "write to FILE (default: stdout)")
  @Nullable Path output;

  @Override
  public Integer call() {
    String chosen = format.strip().toLowerCase(Locale.ROOT);
    if (!FORMATS.contains(chosen)) {
      throw new ParameterException(
          spec.commandLine(),
          "--format must be one of " + String.join(", ", FORMATS) + ", was '" + format + "'");
    }
    ApiClient api = ApiClient.of(options);
    URI uri =
        URI.create(
            Paths.workspace(options.url(), api.workspace(), "calls", callId, "export")
                + "?format="
                + chosen);
    HttpResponse<InputStream> answer = api.sendForStream(api.timedRequest(uri).GET().build());
    try (InputStream body = answer.body()) {
      if (output == null) {
        write(body, spec.commandLine().getOut());
      } else {
        Path target = output.toAbsolutePath();
        Path partial = target.resolveSibling(target.getFileName() + ".part");
        try (OutputStream file = Files.newOutputStream(partial)) {
          body.transferTo(file);
        }
        Files.move(partial, target, StandardCopyOption.REPLACE_EXISTING);
        spec.commandLine().getErr().println("exported  " + target);
      }
    } catch (IOException e) {
      if (output != null) {
        throw CliException.usage("cannot write " + output + ": " + e.getMessage());
      }
      throw api.unreachable(uri, e);
    }
    return ExitCode.OK;
  }

  private static void write(InputStream body, PrintWriter out) throws IOException {
    String text = new String(body.readAllBytes(), StandardCharsets.UTF_8);
    out.print(text);
    if (!text.endsWith("\n")) {
      out.println();
    }
    out.flush();
  }
}
