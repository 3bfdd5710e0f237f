package io.tributary.operator.testing.kube;

import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.tributary.operator.sandbox.kube.LocalControlPlane;
import io.tributary.operator.testing.MockCluster;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.awaitility.Awaitility;

/**
 * Installs CRDs into the real control plane with server-side apply (idempotent: every test class
 * may call it) and waits until each is {@code Established}.
 */
public final class ClusterCrds {
  private ClusterCrds() {}

  /** Our four CRDs ({@code crds/*.yml}). */
  public static List<Path> ours() {
    return list(MockCluster.repoRoot().resolve("crds"), ".yml");
  }

  /** The upstream CRDs in {@code ../shared/schemas} (Strimzi, Prometheus Operator, Grafana operator, KEDA). */
  public static List<Path> upstream() {
    return list(MockCluster.schemas(), ".yaml");
  }

  /** Applies these CRD files and waits until all of them are Established; returns their names. */
  public static List<String> install(LocalControlPlane plane, List<Path> files) {
    Kubectl kubectl = Kubectl.admin(plane);
    List<String> names = new ArrayList<>();
    for (Path file : files) {
      kubectl.ok("apply", "--server-side", "--force-conflicts", "--field-manager=tributary-tests", "-f", file.toString());
      try (KubernetesClient client = plane.adminClient()) {
        client.load(Files.newInputStream(file)).items().stream()
            .filter(CustomResourceDefinition.class::isInstance)
            .forEach(crd -> names.add(crd.getMetadata().getName()));
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    try (KubernetesClient client = plane.adminClient()) {
      Awaitility.await("CRDs established: " + names).atMost(Duration.ofSeconds(60)).until(() ->
          names.stream().allMatch(name -> established(client.apiextensions().v1().customResourceDefinitions()
              .withName(name).get())));
    }
    return names;
  }

  /** Ours and the upstream ones. */
  public static void installAll(LocalControlPlane plane) {
    install(plane, ours());
    install(plane, upstream());
  }

  static boolean established(CustomResourceDefinition crd) {
    return crd != null && crd.getStatus() != null && crd.getStatus().getConditions() != null
        && crd.getStatus().getConditions().stream()
            .anyMatch(c -> "Established".equals(c.getType()) && "True".equals(c.getStatus()));
  }

  private static List<Path> list(Path dir, String suffix) {
    try (Stream<Path> files = Files.list(dir)) {
      return files.filter(f -> f.getFileName().toString().endsWith(suffix)).sorted().toList();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot list " + dir, e);
    }
  }
}
