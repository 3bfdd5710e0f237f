package io.tributary.operator.sandbox.node;

import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Finds {@code pipeline-runtime.jar}: in {@code pipeline-runtime/target/} of the repository the
 * sandbox runs from (the working directory or one of its parents), next to the sandbox jar, or in the
 * repository the sandbox jar was built in.
 */
public final class RuntimeJar {
  /** Where the build puts the runnable runtime jar, relative to the repository root. */
  public static final Path IN_REPOSITORY = Path.of("pipeline-runtime", "target", "pipeline-runtime.jar");
  public static final String FILE_NAME = "pipeline-runtime.jar";
  public static final String BUILD_HINT = "build it with ./mvnw -q package -DskipTests";

  private RuntimeJar() {}

  /** The places looked at, in order. */
  public static List<Path> candidates() {
    List<Path> candidates = new ArrayList<>();
    for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
      candidates.add(dir.resolve(IN_REPOSITORY));
    }
    operatorJarDirectory().ifPresent(dir -> {
      candidates.add(dir.resolve(FILE_NAME));
      // operator/sandbox/target/tributary-sandbox.jar -> <repo>/pipeline-runtime/target/pipeline-runtime.jar
      for (Path above = dir.getParent(); above != null; above = above.getParent()) {
        Path inRepository = above.resolve(IN_REPOSITORY);
        if (!candidates.contains(inRepository)) {
          candidates.add(inRepository);
        }
      }
    });
    return candidates;
  }

  /** The first existing candidate. */
  public static Optional<Path> locate() {
    return candidates().stream().filter(Files::isRegularFile).findFirst();
  }

  /** The runtime jar, or an exception that says where it looked and how to build it. */
  public static Path require() {
    return locate().orElseThrow(() -> new IllegalStateException(
        "pipeline-runtime.jar not found (looked at " + candidates() + "): " + BUILD_HINT));
  }

  private static Optional<Path> operatorJarDirectory() {
    try {
      var source = RuntimeJar.class.getProtectionDomain().getCodeSource();
      if (source == null) {
        return Optional.empty();
      }
      Path location = Path.of(source.getLocation().toURI());
      return Files.isRegularFile(location) ? Optional.ofNullable(location.getParent()) : Optional.empty();
    } catch (URISyntaxException | RuntimeException e) {
      return Optional.empty();
    }
  }
}
