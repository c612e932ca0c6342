package io.callstream.audio;

import java.io.IOException;
import java.io.InputStream;
import java.net.URL;
import java.net.URLConnection;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Locale;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * Finds the FFmpeg executable: the path in system property {@value #PATH_PROPERTY} or environment
 * variable {@value #PATH_ENV} when set (a distribution's ffmpeg), otherwise the static Linux x86-64
 * build that {@code ws.schild:jave-nativebin-linux64} ships as a class-path resource, extracted
 * once per machine and version into an owner-only directory under {@code java.io.tmpdir}.
 *
 * <p>Extracted by hand rather than with jave-core's {@code DefaultFFMPEGLocator}: that one copies
 * into a world-readable {@code /tmp/jave} without an atomic rename, so two JVMs starting at once
 * can run a half-written binary, and it brings SLF4J along. Thread-safe.
 */
final class FfmpegBinary {

  static final String PATH_PROPERTY = "callstream.ffmpeg";
  static final String PATH_ENV = "CALLSTREAM_FFMPEG";
  private static final String RESOURCE = "/ws/schild/jave/nativebin/ffmpeg-amd64";
  private static final String VERSION_RESOURCE =
      "/META-INF/maven/ws.schild/jave-nativebin-linux64/pom.properties";
  private static final Set<PosixFilePermission> OWNER_ONLY_DIR =
      PosixFilePermissions.fromString("rwx------");

  private static @Nullable Path located;

  private FfmpegBinary() {}

  /** Whether an FFmpeg can be had here, without extracting it. */
  static boolean available() {
    return configured() != null
        || (isLinuxAmd64() && FfmpegBinary.class.getResource(RESOURCE) != null);
  }

  /** The executable, extracting it on first use. */
  static synchronized Path path() throws AudioFormatException {
    if (located == null) {
      located = locate();
    }
    return located;
  }

  private static Path locate() throws AudioFormatException {
    String configured = configured();
    if (configured != null) {
      return Path.of(configured);
    }
    URL resource = FfmpegBinary.class.getResource(RESOURCE);
    if (!isLinuxAmd64() || resource == null) {
      throw new AudioFormatException(
          "no FFmpeg for this platform ("
              + System.getProperty("os.name")
              + "/"
              + System.getProperty("os.arch")
              + "): install ffmpeg and set -D"
              + PATH_PROPERTY
              + " or "
              + PATH_ENV
              + " to its path");
    }
    try {
      return extract(resource);
    } catch (IOException e) {
      throw new AudioFormatException("FFmpeg could not be extracted: " + e.getMessage(), e);
    }
  }

  private static Path extract(URL resource) throws IOException {
    URLConnection connection = resource.openConnection();
    long size = connection.getContentLengthLong();
    Path dir = ownerOnlyDirectory();
    Path target = dir.resolve("ffmpeg-" + version() + "-" + size);
    if (Files.isExecutable(target) && Files.size(target) == size) {
      return target;
    }
    Path partial = Files.createTempFile(dir, "ffmpeg", ".part");
    try {
      try (InputStream in = connection.getInputStream()) {
        Files.copy(in, partial, StandardCopyOption.REPLACE_EXISTING);
      }
      Files.setPosixFilePermissions(partial, PosixFilePermissions.fromString("rwx------"));
      try {
        Files.move(partial, target, StandardCopyOption.ATOMIC_MOVE);
      } catch (FileAlreadyExistsException | AtomicMoveNotSupportedException e) {
        // another JVM got there first, or the file system cannot rename over: theirs is complete
        Files.move(partial, target, StandardCopyOption.REPLACE_EXISTING);
      }
      return target;
    } finally {
      Files.deleteIfExists(partial);
    }
  }

  /** {@code tmpdir/callstream-ffmpeg-USER}, made owner-only; another owner's is refused. */
  private static Path ownerOnlyDirectory() throws IOException {
    String user = System.getProperty("user.name", "user").replaceAll("[^A-Za-z0-9_.-]", "_");
    Path dir = Path.of(System.getProperty("java.io.tmpdir"), "callstream-ffmpeg-" + user);
    try {
      Files.createDirectory(dir, PosixFilePermissions.asFileAttribute(OWNER_ONLY_DIR));
    } catch (FileAlreadyExistsException e) {
      // made before, by this user or not: checked below
    }
    Path probe = Files.createTempFile("callstream-ffmpeg-owner", ".probe");
    try {
      boolean ours =
          !Files.isSymbolicLink(dir)
              && Files.getOwner(dir).equals(Files.getOwner(probe))
              && Files.getPosixFilePermissions(dir).equals(OWNER_ONLY_DIR);
      if (!ours) {
        throw new IOException(dir + " exists but is not an owner-only directory of this user");
      }
    } finally {
      Files.deleteIfExists(probe);
    }
    return dir;
  }

  private static String version() throws IOException {
    try (InputStream in = FfmpegBinary.class.getResourceAsStream(VERSION_RESOURCE)) {
      if (in == null) {
        return "unknown";
      }
      java.util.Properties properties = new java.util.Properties();
      properties.load(in);
      return properties.getProperty("version", "unknown").replaceAll("[^A-Za-z0-9_.-]", "_");
    }
  }

  private static @Nullable String configured() {
    String path = System.getProperty(PATH_PROPERTY);
    if (path == null || path.isBlank()) {
      path = System.getenv(PATH_ENV);
    }
    return path == null || path.isBlank() ? null : path;
  }

  private static boolean isLinuxAmd64() {
    String os = System.getProperty("os.name", "").toLowerCase(Locale.ROOT);
    String arch = System.getProperty("os.arch", "").toLowerCase(Locale.ROOT);
    return os.contains("linux") && (arch.equals("amd64") || arch.equals("x86_64"));
  }
}
