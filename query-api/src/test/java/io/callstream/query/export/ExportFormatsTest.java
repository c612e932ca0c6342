package io.callstream.query.export;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class ExportFormatsTest {

  @Test
  void shouldFindEveryFormatByNameAndExtension() {
    assertThat(ExportFormats.byName("json")).containsInstanceOf(JsonExport.class);
    assertThat(ExportFormats.byName("MD")).containsInstanceOf(MarkdownExport.class);
    assertThat(ExportFormats.byName("opml")).containsInstanceOf(OpmlExport.class);
    assertThat(ExportFormats.byName("mm")).containsInstanceOf(FreeMindExport.class);
    assertThat(ExportFormats.byName("mermaid")).containsInstanceOf(MermaidExport.class);
    assertThat(ExportFormats.byName("mmd")).containsInstanceOf(MermaidExport.class);
    assertThat(ExportFormats.byName("pdf")).isEmpty();
  }

  @Test
  void shouldHaveDistinctNamesAndExtensions() {
    assertThat(Arrays.stream(ExportFormats.values()).map(f -> f.format().name()))
        .containsExactly("json", "md", "opml", "mm", "mermaid");
    assertThat(Arrays.stream(ExportFormats.values()).map(f -> f.format().fileExtension()))
        .doesNotHaveDuplicates();
  }

  @Test
  void shouldWriteUtf8ForEveryFormatAndNameTheFileSafely() {
    CallExport call = ExportFixtures.nastyCall();
    for (ExportFormats format : ExportFormats.values()) {
      byte[] written = format.format().write(call);
      assertThat(new String(written, StandardCharsets.UTF_8)).as(format.name()).contains("会议");
      assertThat(format.format().fileName(call))
          .matches("[\\p{L}\\p{N}._-]+")
          .endsWith("." + format.format().fileExtension());
    }
  }
}
