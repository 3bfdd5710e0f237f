package io.tributary.operator.model;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Golden files of the model output under {@code src/test/resources/golden/}. Run with
 * {@code -Dgolden.update=true} to rewrite them after an intended change, then review the diff.
 */
final class Golden {
  private static final Path DIR = Path.of("src/test/resources/golden");

  private Golden() {}

  static void assertMatches(String name, List<? extends HasMetadata> objects) {
    StringBuilder yaml = new StringBuilder();
    for (HasMetadata object : objects) {
      yaml.append(Serialization.asYaml(object));
    }
    Path file = DIR.resolve(name + ".yaml");
    try {
      if (Boolean.getBoolean("golden.update") || !Files.exists(file)) {
        Files.createDirectories(DIR);
        Files.writeString(file, yaml.toString());
      }
      assertThat(yaml.toString()).as("model output vs " + file).isEqualTo(Files.readString(file));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
