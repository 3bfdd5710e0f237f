package io.tributary.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.tributary.api.schema.ProjectPaths;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The CRDs committed in {@code crds/} (what {@code kubectl apply -f crds/} and the Helm chart
 * install) are exactly what the CRD generator makes of the current CR classes.
 */
class CrdDriftTest {

  static final String HOW_TO_UPDATE = """
      The committed CRDs in crds/ differ from the ones generated from the CR classes.
      Regenerate and copy them with:
          ./mvnw -B -pl crds -Dtributary.updateCrds=true process-classes
      then review the diff (git diff crds/*.yml) and commit it.""";

  private static Path generatedDirectory() {
    String configured = System.getProperty("tributary.generatedCrds");
    Path dir = configured != null ? Path.of(configured) : Path.of("target/classes/META-INF/fabric8");
    assertThat(dir).as("generated CRDs (run the process-classes phase first)").isDirectory();
    return dir;
  }

  private static List<String> crdFiles(Path dir) throws IOException {
    try (Stream<Path> files = Files.list(dir)) {
      return files.map(f -> f.getFileName().toString())
          .filter(name -> name.endsWith(".tributary.io-v1.yml"))
          .sorted()
          .toList();
    }
  }

  @Test
  void oneCommittedFilePerKindAndNoStaleOnes() throws IOException {
    List<String> generated = crdFiles(generatedDirectory());
    assertThat(generated).containsExactly("etlschedules.tributary.io-v1.yml", "pipelines.tributary.io-v1.yml",
        "producers.tributary.io-v1.yml", "workers.tributary.io-v1.yml");
    assertThat(crdFiles(ProjectPaths.committedCrds())).as(HOW_TO_UPDATE).isEqualTo(generated);
  }

  @Test
  void committedCrdsEqualTheGeneratedOnes() throws IOException {
    for (String file : crdFiles(generatedDirectory())) {
      Path committed = ProjectPaths.committedCrds().resolve(file);
      assertThat(committed).as(HOW_TO_UPDATE).exists();
      assertThat(normalized(committed))
          .as("%s%n(file %s)", HOW_TO_UPDATE, file)
          .isEqualTo(normalized(generatedDirectory().resolve(file)));
    }
  }

  private static String normalized(Path file) throws IOException {
    return Files.readString(file).replace("\r\n", "\n");
  }
}
