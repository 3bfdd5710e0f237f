package io.tributary.operator.observability;

import java.nio.file.Files;
import java.nio.file.Path;

/** Finds the repository's top-level folders ({@code dashboards/}) from a module's test JVM. */
final class RepositoryFiles {
  private RepositoryFiles() {}

  /**
   * The repository root: {@code maven.multiModuleProjectDirectory} when Maven passes it on,
   * otherwise the nearest directory above the working directory that holds {@code dashboards/} next
   * to a {@code pom.xml}.
   */
  static Path root() {
    String fromMaven = System.getProperty("maven.multiModuleProjectDirectory");
    if (fromMaven != null && isRoot(Path.of(fromMaven))) {
      return Path.of(fromMaven).toAbsolutePath().normalize();
    }
    Path start = Path.of("").toAbsolutePath().normalize();
    for (Path dir = start; dir != null; dir = dir.getParent()) {
      if (isRoot(dir)) {
        return dir;
      }
    }
    throw new IllegalStateException(
        "no repository root (a directory with dashboards/ and pom.xml) above " + start);
  }

  static Path dashboards() {
    return root().resolve("dashboards");
  }

  private static boolean isRoot(Path dir) {
    return Files.isDirectory(dir.resolve("dashboards"))
        && Files.isRegularFile(dir.resolve("pom.xml"));
  }
}
