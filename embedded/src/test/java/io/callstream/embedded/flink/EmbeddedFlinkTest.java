package io.callstream.embedded.flink;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EmbeddedFlinkTest {

  @TempDir Path jobDirectory;

  @Test
  void shouldFindTheNewestCompletedCheckpointAcrossRuns() throws IOException {
    checkpoint("run-a/chk-7", Instant.parse("2026-01-01T10:00:00Z"));
    Path newest = checkpoint("run-b/chk-2", Instant.parse("2026-01-01T11:00:00Z"));
    // In progress: no _metadata yet, so not a checkpoint to resume from.
    Files.createDirectories(jobDirectory.resolve("run-b/chk-3"));

    assertThat(EmbeddedFlink.latestCheckpointIn(jobDirectory)).contains(newest);
  }

  @Test
  void shouldFindNoCheckpointForAJobThatNeverRan() {
    assertThat(EmbeddedFlink.latestCheckpointIn(jobDirectory.resolve("missing"))).isEmpty();
  }

  @Test
  void shouldTurnJobNamesIntoPlainDirectoryNames() {
    assertThat(EmbeddedFlink.directoryName("Chunking / Analysis v1"))
        .isEqualTo("chunking-analysis-v1");
    assertThat(EmbeddedFlink.directoryName("../..")).isEqualTo("job");
  }

  private Path checkpoint(String relative, Instant time) throws IOException {
    Path directory = Files.createDirectories(jobDirectory.resolve(relative));
    Path metadata = Files.writeString(directory.resolve("_metadata"), "x");
    Files.setLastModifiedTime(metadata, FileTime.from(time));
    return directory;
  }
}
