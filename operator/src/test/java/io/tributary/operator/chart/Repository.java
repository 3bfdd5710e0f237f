package io.tributary.operator.chart;

import java.nio.file.Files;
import java.nio.file.Path;

/** Paths of the repository's top-level folders, found from the operator module's test JVM. */
final class Repository {
  private Repository() {}

  /** The repository root: the nearest directory above the working directory holding {@code helm/} and {@code crds/}. */
  static Path root() {
    Path start = Path.of("").toAbsolutePath().normalize();
    for (Path dir = start; dir != null; dir = dir.getParent()) {
      if (Files.isDirectory(dir.resolve("helm/tributary")) && Files.isDirectory(dir.resolve("crds"))) {
        return dir;
      }
    }
    throw new IllegalStateException("no repository root (with helm/tributary and crds) above " + start);
  }

  static Path chart() {
    return root().resolve("helm/tributary");
  }

  static Path installManifest() {
    return root().resolve("manifests/install.yaml");
  }
}
