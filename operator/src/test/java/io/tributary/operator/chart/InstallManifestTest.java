package io.tributary.operator.chart;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * {@code manifests/install.yaml}, the no-Helm install, is exactly the chart rendered with its
 * default values. The {@code helm test} Pod is a hook, which {@code helm template} of the Helm inside helm-java leaves out,
 * as {@code --skip-tests} does (a plain {@code kubectl apply} would run it as an ordinary Pod). Regenerate it
 * after changing the chart with
 * {@code ./mvnw -pl operator -am verify -DskipITs -Dtest=InstallManifestTest -Dsurefire.failIfNoSpecifiedTests=false -Dtributary.updateInstall=true}
 * (or {@code helm template tributary helm/tributary --namespace tributary-system --include-crds --skip-tests > manifests/install.yaml}).
 */
class InstallManifestTest {
  static final String UPDATE_PROPERTY = "tributary.updateInstall";
  private static final String HEADER =
      "# Tributary: CRDs, operator, RBAC and metrics Service in namespace tributary-system.\n"
          + "# Generated: helm template tributary helm/tributary --namespace tributary-system --include-crds --skip-tests\n"
          + "# Do not edit; change the chart and regenerate (see helm/tributary/README.md).\n"
          + "# Install: kubectl create namespace tributary-system && kubectl apply -f manifests/install.yaml\n";

  @Test
  void installManifestIsTheChartRenderedWithDefaultValues() throws IOException {
    String expected = HEADER + RenderedChart.withDefaults().textWithCrds();
    Path file = Repository.installManifest();
    if (Boolean.getBoolean(UPDATE_PROPERTY)) {
      Files.createDirectories(file.getParent());
      Files.writeString(file, expected);
    }

    assertThat(file).as("manifests/install.yaml").exists();
    assertThat(Files.readString(file))
        .as("manifests/install.yaml drifted from the chart; regenerate it: ./mvnw -B -pl operator -am verify -DskipITs"
            + " -Dtest=InstallManifestTest -Dsurefire.failIfNoSpecifiedTests=false -D" + UPDATE_PROPERTY + "=true")
        .isEqualTo(expected);
  }
}
