package io.tributary.runtime;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Properties;

/**
 * The build's version, from {@code io/tributary/runtime/build.properties}, which Maven writes from
 * the project version when it processes resources. A resource rather than the jar manifest so the
 * version is the same in the runnable jar, the container image (classes, no jar) and a test run
 * from {@code target/classes}. The operator jar contains this class and uses the same value.
 */
public final class BuildInfo {
  private static final String RESOURCE = "build.properties";
  private static final String VERSION = load();

  private BuildInfo() {}

  /** The Maven project version, e.g. {@code 0.1.0} or {@code 0.1.0-SNAPSHOT}. */
  public static String version() {
    return VERSION;
  }

  private static String load() {
    try (InputStream in = BuildInfo.class.getResourceAsStream(RESOURCE)) {
      if (in == null) {
        // a build that skipped resource processing; never pretend a version
        return "unknown";
      }
      Properties properties = new Properties();
      properties.load(in);
      String version = properties.getProperty("version", "");
      // an unfiltered copy (an IDE that copies resources itself) still says ${project.version}
      return version.isBlank() || version.startsWith("${") ? "unknown" : version.trim();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
