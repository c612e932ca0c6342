package io.callstream.analyzer.openai;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.net.URI;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class OpenAiSettingsTest {

  private static final OpenAiSettings SETTINGS =
      OpenAiSettings.of(
          OpenAiSettings.OPENAI, "sk-secret-key", "gpt-4o-mini", Duration.ofSeconds(60));

  @Test
  void shouldLeaveTheApiKeyOutOfToString() {
    assertThat(SETTINGS.toString())
        .contains("gpt-4o-mini", "api.openai.com")
        .doesNotContain("sk-secret");
  }

  @Test
  void shouldSurviveJavaSerialization() throws Exception {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
      out.writeObject(SETTINGS);
    }
    try (ObjectInputStream in =
        new ObjectInputStream(new ByteArrayInputStream(bytes.toByteArray()))) {
      assertThat(in.readObject()).isEqualTo(SETTINGS);
    }
  }

  @Test
  void shouldRejectABlankModelAndANonPositiveTimeout() {
    URI local = URI.create("http://127.0.0.1:11434/v1");
    assertThatThrownBy(() -> OpenAiSettings.of(local, "", " ", Duration.ofSeconds(1)))
        .hasMessage("model must not be blank");
    assertThatThrownBy(() -> OpenAiSettings.of(local, "", "llama3", Duration.ZERO))
        .hasMessage("requestTimeout must be positive");
  }
}
