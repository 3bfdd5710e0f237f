package io.tributary.api.schema;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Where tests find the committed CRDs, the examples and the upstream schemas, from any module's
 * working directory. System properties ({@code tributary.committedCrds},
 * {@code tributary.examples}, {@code tributary.sharedSchemas}) win; otherwise the repository
 * root is found by walking up to the directory that holds {@code crds/pom.xml}, and the shared
 * schemas are {@code <root>/../shared/schemas}.
 */
public final class ProjectPaths {

  private ProjectPaths() {
  }

  /** The repository root (the directory with the parent pom and {@code crds/}). */
  public static Path repositoryRoot() {
    Path dir = Path.of("").toAbsolutePath();
    for (Path candidate = dir; candidate != null; candidate = candidate.getParent()) {
      if (Files.isRegularFile(candidate.resolve("crds/pom.xml"))) {
        return candidate;
      }
    }
    throw new IllegalStateException("cannot find the repository root (a directory with crds/pom.xml) above " + dir);
  }

  /** The committed CRD YAML files: {@code crds/}. */
  public static Path committedCrds() {
    return fromProperty("tributary.committedCrds", repositoryRoot().resolve("crds"));
  }

  /** The example manifests: {@code manifests/examples/}. */
  public static Path examples() {
    return fromProperty("tributary.examples", repositoryRoot().resolve("manifests/examples"));
  }

  /** The upstream CRDs (Strimzi, Prometheus Operator, Grafana operator, KEDA). */
  public static Path sharedSchemas() {
    Path configured = fromProperty("tributary.sharedSchemas", null);
    if (configured != null) {
      return configured;
    }
    Path root = repositoryRoot();
    for (Path candidate : new Path[] {root.resolve("../shared/schemas"), root.resolve("shared/schemas")}) {
      if (Files.isDirectory(candidate)) {
        return candidate.normalize();
      }
    }
    throw new IllegalStateException("cannot find the shared schemas at " + root.resolve("../shared/schemas").normalize());
  }

  /** One upstream CRD file by name, e.g. {@code strimzi-1.2.0-kafkatopic.crd.yaml}. */
  public static Path sharedSchema(String fileName) {
    Path file = sharedSchemas().resolve(fileName);
    if (!Files.isRegularFile(file)) {
      throw new IllegalStateException("missing upstream schema " + file);
    }
    return file;
  }

  private static Path fromProperty(String property, Path fallback) {
    String value = System.getProperty(property);
    if (value != null && !value.isBlank() && Files.exists(Path.of(value))) {
      return Path.of(value).toAbsolutePath().normalize();
    }
    return fallback;
  }
}
