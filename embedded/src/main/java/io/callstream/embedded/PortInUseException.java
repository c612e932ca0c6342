package io.callstream.embedded;

/**
 * A server could not start because its configured port is taken. The message is one line that names
 * the port and the setting to change, fit to show a new user as it is.
 */
public final class PortInUseException extends IllegalStateException {

  private static final long serialVersionUID = 1L;

  private final int port;
  private final String setting;

  /**
   * @param server the server's name, for example {@code "Kafka"}
   * @param port the port that is taken
   * @param setting the setting that chooses the port
   */
  public PortInUseException(String server, int port, String setting) {
    super(
        server
            + " port "
            + port
            + " is already in use: set "
            + setting
            + " to a free port, or to 0 to pick one");
    this.port = port;
    this.setting = setting;
  }

  /** The port that was taken. */
  public int port() {
    return port;
  }

  /** The name of the setting that chooses the port, for example {@code callstream.kafka.port}. */
  public String setting() {
    return setting;
  }
}
