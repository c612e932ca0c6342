package io.callstream.embedded;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;

/**
 * Port choice for the embedded servers: a fixed port is checked before a server starts, so a
 * conflict fails at once with {@link PortInUseException} rather than deep inside the server.
 */
public final class Ports {

  private Ports() {}

  /**
   * The port to use for a server: {@code port} itself after checking it is free on {@code host},
   * or, for 0, a port that was free a moment ago.
   *
   * @param server the server's name for the message, for example {@code "Kafka"}
   * @param host the host name or address the server will bind to
   * @param port the configured port, 0 to pick a free one
   * @param setting the setting that chooses the port, named in the message
   * @throws PortInUseException if {@code port} is not 0 and is taken
   */
  public static int resolve(String server, String host, int port, String setting) {
    if (port < 0 || port > 65535) {
      throw new IllegalArgumentException(setting + " must be between 0 and 65535, was " + port);
    }
    if (port == 0) {
      return freePort(host);
    }
    // Binding is the only reliable test of "free": a connect would miss a port that is bound but
    // not listening, and a server bound to the wildcard address conflicts with a loopback bind.
    try (ServerSocket socket = new ServerSocket()) {
      socket.setReuseAddress(true);
      socket.bind(new InetSocketAddress(address(host), port));
      return port;
    } catch (IOException e) {
      throw new PortInUseException(server, port, setting);
    }
  }

  /**
   * A port that is free on {@code host} now. Another process may take it before the caller binds
   * it; the embedded servers accept that small race for the convenience of port 0.
   */
  public static int freePort(String host) {
    try (ServerSocket socket = new ServerSocket(0, 1, address(host))) {
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException("no free port on " + host, e);
    }
  }

  private static InetAddress address(String host) {
    try {
      return InetAddress.getByName(host);
    } catch (IOException e) {
      throw new UncheckedIOException("unknown host " + host, e);
    }
  }
}
