package io.callstream.bench;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class EventStreamScannerTest {

  /** What the query API sends: the opening comment, a heartbeat and two insight events. */
  private static final String STREAM =
      ":connected\n"
          + "retry:3000\n"
          + "\n"
          + ":heartbeat\n"
          + "\n"
          + "id:i0-13\n"
          + "event:io.callstream.insight.detected.v1\n"
          + "data:{\"text\":\""
          + new SendStamp(12, 1_000_001).appendTo("Ana sends the budget")
          + "\"}\n"
          + "\n"
          + "id:i0-14\n"
          + "event:io.callstream.insight.detected.v1\n"
          + "data:{\"text\":\"no stamp here\"}\n"
          + "\n"
          + "id:i0-15\n"
          + "event:io.callstream.insight.detected.v1\n"
          + "data:{\"text\":\""
          + new SendStamp(13, 1_000_002).appendTo("Bo reviews it")
          + "\"}\r\n"
          + "\r\n";

  @Test
  void shouldReportTheConnectedCommentAndEveryEventsStampIgnoringTheRest() {
    Heard heard = new Heard();

    new EventStreamScanner(heard).feed(buffer(STREAM));

    assertThat(heard.said)
        .containsExactly("connected", "stamp 12 1000001", "unstamped", "stamp 13 1000002");
  }

  @Test
  void shouldReadTheSameWhereverTheChunksAreCut() {
    byte[] bytes = STREAM.getBytes(StandardCharsets.UTF_8);
    Heard whole = new Heard();
    new EventStreamScanner(whole).feed(Unpooled.wrappedBuffer(bytes));

    for (int cut = 1; cut < bytes.length; cut++) {
      Heard heard = new Heard();
      EventStreamScanner scanner = new EventStreamScanner(heard);
      scanner.feed(Unpooled.wrappedBuffer(bytes, 0, cut));
      scanner.feed(Unpooled.wrappedBuffer(bytes, cut, bytes.length - cut));

      assertThat(heard.said).as("cut at %d", cut).isEqualTo(whole.said);
    }
  }

  @Test
  void shouldReadOnlyTheReadableBytesAndLeaveThemUnread() {
    ByteBuf chunk = buffer("xx:connected\n");
    chunk.readerIndex(2);
    Heard heard = new Heard();

    new EventStreamScanner(heard).feed(chunk);

    assertThat(heard.said).containsExactly("connected");
    assertThat(chunk.readerIndex()).isEqualTo(2);
  }

  @Test
  void shouldReadALineLongerThanItsFirstBuffer() {
    String longText = "x".repeat(5_000);
    Heard heard = new Heard();

    new EventStreamScanner(heard)
        .feed(buffer("data:" + new SendStamp(3, 99).appendTo(longText) + "\n"));

    assertThat(heard.said).containsExactly("stamp 3 99");
  }

  private static ByteBuf buffer(String text) {
    return Unpooled.wrappedBuffer(text.getBytes(StandardCharsets.UTF_8));
  }

  private static final class Heard implements EventStreamScanner.Listener {
    private final List<String> said = new ArrayList<>();

    @Override
    public void connected() {
      said.add("connected");
    }

    @Override
    public void stamped(SendStamp stamp) {
      said.add("stamp " + stamp.seq() + " " + stamp.sentMicros());
    }

    @Override
    public void unstamped() {
      said.add("unstamped");
    }
  }
}
