package io.callstream.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.ServerSocket;
import java.util.List;
import org.junit.jupiter.api.Test;

class CliTest {

  private record Run(int exitCode, String out, String err) {}

  private static Run run(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int code =
        Cli.execute(Cli.commandLine(List.of()), new PrintWriter(out), new PrintWriter(err), args);
    return new Run(code, out.toString(), err.toString());
  }

  private static int closedPort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }

  @Test
  void shouldDocumentCommandsAndExitCodesInHelp() {
    Run help = run("--help");

    assertThat(help.exitCode()).isZero();
    assertThat(help.out())
        .contains("ingest", "watch", "export", "keys")
        .contains("Exit codes:")
        .contains("3   callstream is not reachable")
        .contains("CALLSTREAM_API_KEY");
  }

  @Test
  void shouldExitThreeWithHintWhenNothingListens() throws IOException {
    String url = "http://127.0.0.1:" + closedPort();

    Run run = run("keys", "list", "--url", url, "--key", "cs_x_y", "--workspace", "ws_a");

    assertThat(run.exitCode()).isEqualTo(ExitCode.UNREACHABLE);
    assertThat(run.err())
        .contains("cannot reach the query API at " + url + " (connection refused)")
        .contains("is callstream up? (callstream up)");
  }

  @Test
  void shouldExitTwoWithoutKey() throws IOException {
    Run run = run("export", "call_a", "--url", "http://127.0.0.1:" + closedPort(), "--key", " ");

    assertThat(run.exitCode()).isEqualTo(ExitCode.USAGE);
    assertThat(run.err()).contains("no API key: give --key or set CALLSTREAM_API_KEY");
  }

  @Test
  void shouldExitTwoOnUnknownOptionOrFormat() {
    Run unknown = run("watch", "call_a", "--bogus");
    Run format = run("export", "call_a", "--format", "pdf", "--key", "cs_x_y");

    assertThat(unknown.exitCode()).isEqualTo(ExitCode.USAGE);
    assertThat(unknown.err()).contains("Unknown option: '--bogus'");
    assertThat(format.exitCode()).isEqualTo(ExitCode.USAGE);
    assertThat(format.err()).contains("--format must be one of json, md, opml, mm, mermaid");
  }

  @Test
  void shouldRefuseSpeedWithoutLive() {
    Run run = run("ingest", "meeting.vtt", "--speed", "5", "--key", "cs_x_y");

    assertThat(run.exitCode()).isEqualTo(ExitCode.USAGE);
    assertThat(run.err()).contains("--speed needs --live");
  }
}
