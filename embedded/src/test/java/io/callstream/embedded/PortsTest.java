package io.callstream.embedded;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.net.ServerSocket;
import org.junit.jupiter.api.Test;

class PortsTest {

  @Test
  void shouldPickAFreePortForZero() throws Exception {
    int port = Ports.resolve("Kafka", "localhost", 0, "callstream.kafka.port");
    try (ServerSocket socket = new ServerSocket(port, 1, InetAddress.getByName("localhost"))) {
      assertThat(socket.getLocalPort()).isEqualTo(port);
    }
  }

  @Test
  void shouldKeepAFreeFixedPort() {
    int free = Ports.freePort("localhost");
    assertThat(Ports.resolve("Kafka", "localhost", free, "callstream.kafka.port")).isEqualTo(free);
  }

  @Test
  void shouldFailInOneLineNamingPortAndSettingWhenTaken() throws Exception {
    try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getByName("localhost"))) {
      int port = taken.getLocalPort();
      assertThatThrownBy(() -> Ports.resolve("Kafka", "localhost", port, "callstream.kafka.port"))
          .isInstanceOfSatisfying(
              PortInUseException.class,
              e -> {
                assertThat(e.port()).isEqualTo(port);
                assertThat(e.setting()).isEqualTo("callstream.kafka.port");
                assertThat(e.getMessage()).doesNotContain("\n").contains(Integer.toString(port));
              });
    }
  }

  @Test
  void shouldRejectPortsOutOfRange() {
    assertThatThrownBy(() -> Ports.resolve("Kafka", "localhost", 65536, "callstream.kafka.port"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("callstream.kafka.port");
  }
}
