package io.tributary.operator.kube;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.tributary.operator.sandbox.kube.LocalControlPlane;
import io.tributary.operator.testing.MockCluster;
import io.tributary.operator.testing.kube.ClusterCrds;
import io.tributary.operator.testing.kube.Kubectl;
import io.tributary.operator.testing.kube.RealControlPlane;
import io.tributary.operator.testing.kube.TestNamespace;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * What a user meets first on a real cluster: {@code kubectl apply -f crds/} is accepted (structural
 * schemas, CEL rules compiled within the server's cost budget), the examples apply server-side with
 * strict field validation, {@code kubectl explain} shows our descriptions and {@code kubectl get
 * tributary} the printer columns the server computes.
 */
@RealControlPlane
class CrdsOnRealServerIT {

  @Test
  void ourCrdsAndTheUpstreamOnesBecomeEstablished(LocalControlPlane plane) {
    List<String> ours = ClusterCrds.install(plane, ClusterCrds.ours());
    List<String> upstream = ClusterCrds.install(plane, ClusterCrds.upstream());

    assertThat(ours).containsExactlyInAnyOrder("pipelines.tributary.io", "producers.tributary.io",
        "workers.tributary.io", "etlschedules.tributary.io");
    assertThat(upstream).contains("kafkatopics.kafka.strimzi.io", "podmonitors.monitoring.coreos.com",
        "prometheusrules.monitoring.coreos.com", "grafanadashboards.grafana.integreatly.org",
        "scaledobjects.keda.sh");
    try (KubernetesClient client = plane.adminClient()) {
      for (String name : ours) {
        CustomResourceDefinition crd = client.apiextensions().v1().customResourceDefinitions().withName(name).get();
        // a rule over the cost budget or a non-structural schema shows here, not as a create error
        assertThat(crd.getStatus().getConditions())
            .as("conditions of %s", name)
            .noneSatisfy(c -> assertThat(c.getType()).isIn("NonStructuralSchema", "KubernetesAPIApprovalPolicyConformant"))
            .anySatisfy(c -> {
              assertThat(c.getType()).isEqualTo("NamesAccepted");
              assertThat(c.getStatus()).isEqualTo("True");
            });
      }
    }
  }

  @Test
  void everyExampleAppliesServerSideWithStrictFieldValidation(LocalControlPlane plane, TestNamespace namespace) {
    ClusterCrds.installAll(plane);
    Kubectl kubectl = Kubectl.admin(plane);
    for (Path example : examples()) {
      Kubectl.Result result = kubectl.run("apply", "--server-side", "--validate=strict", "--field-manager=example-user",
          "-n", namespace.name(), "-f", example.toString());
      assertThat(result.ok()).as("kubectl apply --server-side --validate=strict -f %s: %s", example, result).isTrue();
      assertThat(result.err()).as("warnings for %s (unknown or duplicate fields)", example).doesNotContain("Warning");
    }
    String table = kubectl.ok("get", "tributary", "-n", namespace.name());
    assertThat(table.lines().findFirst().orElseThrow()).contains("NAME", "READY", "AGE");
    assertThat(table).contains("pipeline.tributary.io/market-data", "worker.tributary.io/", "producer.tributary.io/",
        "etlschedule.tributary.io/");
    String wide = kubectl.ok("get", "workers", "-n", namespace.name(), "-o", "wide");
    assertThat(wide.lines().findFirst().orElseThrow()).contains("READY", "PIPELINE", "LAG");
  }

  @Test
  void kubectlExplainShowsOurDescriptions(LocalControlPlane plane) throws IOException {
    ClusterCrds.install(plane, ClusterCrds.ours());
    Kubectl kubectl = Kubectl.admin(plane);
    // the server publishes a new CRD's OpenAPI a moment after it is Established
    org.awaitility.Awaitility.await("kubectl explain worker").atMost(java.time.Duration.ofSeconds(60))
        .until(() -> kubectl.run("explain", "worker.spec.autoscaling").ok());
    String autoscaling = kubectl.ok("explain", "worker.spec.autoscaling");
    String pipeline = kubectl.ok("explain", "pipeline");

    String workers = Files.readString(MockCluster.repoRoot().resolve("crds/workers.tributary.io-v1.yml"));
    assertThat(autoscaling).contains("FIELDS:", "maxReplicas", "minReplicas");
    assertThat(autoscaling.replaceAll("\\s+", " ")).contains(firstWords(descriptionAfter(workers, "autoscaling:")));
    assertThat(pipeline).contains("KIND:", "Pipeline", "DESCRIPTION:", "FIELDS:", "spec", "status");
    assertThat(pipeline.replaceAll("\\s+", " ")).doesNotContain("<empty>");
  }

  private static String descriptionAfter(String crd, String field) {
    int at = crd.indexOf(field);
    int description = crd.indexOf("description:", at);
    String rest = crd.substring(description + "description:".length()).trim();
    return rest.startsWith("\"") ? rest.substring(1, rest.indexOf('"', 1)) : rest.lines().findFirst().orElseThrow();
  }

  private static String firstWords(String text) {
    String[] words = text.split("\\s+");
    return String.join(" ", java.util.Arrays.copyOf(words, Math.min(6, words.length)));
  }

  static List<Path> examples() {
    try (Stream<Path> files = Files.list(MockCluster.repoRoot().resolve("manifests/examples"))) {
      return files.filter(f -> f.toString().endsWith(".yaml")).sorted().toList();
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }
}
