package io.callstream.bench;

import io.netty.buffer.ByteBuf;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Objects;

/**
 * Reads one connection's {@code text/event-stream} bytes as they arrive, in chunks cut anywhere,
 * and tells its listener just what the fan-out benchmark needs: the {@code :connected} comment and
 * the {@link SendStamp} in each {@code data:} line. Everything else (ids, event names, heartbeats)
 * is skipped. Scans bytes in place of decoding text, since ten thousand of these run on two event
 * loops. Not thread-safe: a connection's bytes arrive on one event loop, in order.
 */
final class EventStreamScanner {

  /** What a stream said. */
  interface Listener {

    /** The stream follows live events: the service sent {@code :connected}. */
    void connected();

    /** An event arrived whose data carries {@code stamp}. */
    void stamped(SendStamp stamp);

    /** An event arrived whose data carries no stamp. */
    void unstamped();
  }

  private static final byte[] CONNECTED = ":connected".getBytes(StandardCharsets.US_ASCII);
  private static final byte[] DATA = "data:".getBytes(StandardCharsets.US_ASCII);

  /** Longer lines are cut here: the service's lines of this benchmark are under 1 KB. */
  private static final int MAX_LINE = 64 * 1024;

  private final Listener listener;
  private byte[] line = new byte[512];
  private int length;

  EventStreamScanner(Listener listener) {
    this.listener = Objects.requireNonNull(listener, "listener must not be null");
  }

  /** Reads {@code chunk}'s readable bytes without consuming them. */
  void feed(ByteBuf chunk) {
    Objects.requireNonNull(chunk, "chunk must not be null");
    for (int i = chunk.readerIndex(), end = chunk.writerIndex(); i < end; i++) {
      accept(chunk.getByte(i));
    }
  }

  private void accept(byte next) {
    if (next == '\n') {
      endOfLine();
    } else if (next != '\r') {
      if (length == line.length && length < MAX_LINE) {
        line = Arrays.copyOf(line, Math.min(MAX_LINE, length * 2));
      }
      if (length < line.length) {
        line[length++] = next;
      }
    }
  }

  private void endOfLine() {
    if (startsWith(DATA)) {
      SendStamp stamp = SendStamp.find(line, length);
      if (stamp != null) {
        listener.stamped(stamp);
      } else {
        listener.unstamped();
      }
    } else if (length == CONNECTED.length && startsWith(CONNECTED)) {
      listener.connected();
    }
    length = 0;
  }

  private boolean startsWith(byte[] prefix) {
    if (length < prefix.length) {
      return false;
    }
    for (int i = 0; i < prefix.length; i++) {
      if (line[i] != prefix[i]) {
        return false;
      }
    }
    return true;
  }
}
