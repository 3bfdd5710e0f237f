package io.tributary.operator.chart;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;

/**
 * Helm reads only files inside the chart, so the chart holds copies of the generated CRDs
 * ({@code crds/*.yml}), of the dashboards ({@code dashboards/*.json}) and of the operator's alert
 * rules ({@code dashboards/alerts/operator-rules.yaml}). They must be the same bytes. Re-copy with
 * {@code cp crds/*.yml helm/tributary/crds/ && cp dashboards/*.json helm/tributary/dashboards/
 * && cp dashboards/alerts/operator-rules.yaml helm/tributary/files/}
 * or run this test with {@code -Dtributary.updateChartCopies=true}.
 */
class ChartCopiesTest {
  static final String UPDATE_PROPERTY = "tributary.updateChartCopies";
  private static final String HOW =
      "re-copy: cp crds/*.yml helm/tributary/crds/ && cp dashboards/*.json helm/tributary/dashboards/"
          + " && cp dashboards/alerts/operator-rules.yaml helm/tributary/files/"
          + " (or run ChartCopiesTest with -D" + UPDATE_PROPERTY + "=true), then regenerate manifests/install.yaml"
          + " (InstallManifestTest with -D" + InstallManifestTest.UPDATE_PROPERTY + "=true)";

  @Test
  void chartCrdsAreTheGeneratedCrds() throws IOException {
    assertSameFiles(Repository.root().resolve("crds"), Repository.chart().resolve("crds"), f -> f.endsWith(".yml"));
  }

  @Test
  void chartDashboardsAreTheDashboards() throws IOException {
    assertSameFiles(Repository.root().resolve("dashboards"), Repository.chart().resolve("dashboards"), f -> f.endsWith(".json"));
  }

  @Test
  void chartOperatorRulesAreTheOperatorRules() throws IOException {
    assertSameFiles(Repository.root().resolve("dashboards/alerts"), Repository.chart().resolve("files"),
        f -> f.equals("operator-rules.yaml"));
  }

  private static void assertSameFiles(Path source, Path copy, Predicate<String> fileName) throws IOException {
    if (Boolean.getBoolean(UPDATE_PROPERTY)) {
      Files.createDirectories(copy);
      for (String name : names(copy, fileName)) {
        Files.delete(copy.resolve(name));
      }
      for (String name : names(source, fileName)) {
        Files.copy(source.resolve(name), copy.resolve(name), StandardCopyOption.REPLACE_EXISTING);
      }
    }
    List<String> expected = names(source, fileName);
    assertThat(expected).as("files in %s", source).isNotEmpty();
    assertThat(names(copy, fileName)).as("files in %s; %s", copy, HOW).isEqualTo(expected);
    for (String name : expected) {
      assertThat(Files.mismatch(copy.resolve(name), source.resolve(name)))
          .as("first differing byte of %s and %s (-1 = same); %s", copy.resolve(name), source.resolve(name), HOW)
          .isEqualTo(-1L);
    }
  }

  private static List<String> names(Path dir, Predicate<String> fileName) throws IOException {
    if (!Files.isDirectory(dir)) {
      return List.of();
    }
    try (var files = Files.list(dir)) {
      return files.map(f -> f.getFileName().toString()).filter(fileName).sorted().toList();
    }
  }
}
