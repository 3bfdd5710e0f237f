package io.tributary.operator.kube;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.tributary.api.v1alpha1.Producer;
import io.tributary.operator.sandbox.kube.LocalControlPlane;
import io.tributary.operator.testing.kube.ClusterCrds;
import io.tributary.operator.testing.kube.Kubectl;
import io.tributary.operator.testing.kube.OperatorOnCluster;
import io.tributary.operator.testing.kube.RealControlPlane;
import io.tributary.operator.testing.kube.TestNamespace;
import io.tributary.runtime.embedded.EmbeddedKafkaBroker;
import java.time.Duration;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * On the real API server: the conditions schema every kind shares (described for
 * {@code kubectl explain}, a map list keyed by type so server-side apply merges the conditions of
 * two field managers, type and status required, lastTransitionTime a date-time), and the scale
 * subresource of a Producer ({@code kubectl scale producer} moves its Deployment; status.selector
 * is what an HPA reads).
 */
@RealControlPlane
class StatusSchemaOnRealServerIT {
  private static final Duration CONVERGED = Duration.ofSeconds(60);
  private static final String REDIS = "redis://redis.invalid:6379/0";

  @BeforeEach
  void crds(LocalControlPlane plane) {
    ClusterCrds.installAll(plane);
  }

  @Test
  void kubectlExplainDescribesTheConditions(LocalControlPlane plane) {
    for (String kind : new String[] {"pipeline", "producer", "worker", "etlschedule"}) {
      String explained = Kubectl.admin(plane).ok("explain", kind + ".status.conditions");
      assertThat(explained).as(kind)
          .contains("Ready is always present")
          .contains("Reconciling")
          .contains("Stalled")
          .contains("lastTransitionTime")
          .contains("When the status of the condition last changed")
          .containsPattern("type\\s+<string> -required-")
          .containsPattern("status\\s+<string> -required-");
    }
  }

  @Test
  void serverSideApplyMergesTheConditionsOfTwoManagersByType(LocalControlPlane plane, TestNamespace namespace) {
    Components components = new Components(namespace.name());
    try (KubernetesClient admin = plane.adminClient()) {
    admin.resource(components.producer()).create();
    applyStatus(plane, namespace, "reconciler", "Ready", "False");
    applyStatus(plane, namespace, "autoscaler", "ScalerHealthy", "True");
    Producer live = admin.resources(Producer.class).inNamespace(namespace.name()).withName(Components.PRODUCER).get();
    assertThat(live.getStatus().getConditions()).extracting(Condition::getType)
        .containsExactlyInAnyOrder("Ready", "ScalerHealthy");
    // a second apply of one manager changes its own condition only
    applyStatus(plane, namespace, "reconciler", "Ready", "True");
    live = admin.resources(Producer.class).inNamespace(namespace.name()).withName(Components.PRODUCER).get();
    assertThat(live.getStatus().condition("Ready").getStatus()).isEqualTo("True");
    assertThat(live.getStatus().condition("ScalerHealthy")).isNotNull();
    // a condition without status, or a time that is not one, is refused
    String bad = Kubectl.admin(plane).run("patch", "producer", Components.PRODUCER, "-n", namespace.name(),
        "--subresource=status", "--type=merge", "-p",
        "{\"status\":{\"conditions\":[{\"type\":\"Ready\",\"status\":\"True\",\"lastTransitionTime\":\"yesterday\"}]}}")
        .err();
    assertThat(bad).contains("lastTransitionTime");
    }
  }

  private static void applyStatus(LocalControlPlane plane, TestNamespace namespace, String manager, String type,
      String status) {
    String body = """
        apiVersion: tributary.io/v1alpha1
        kind: Producer
        metadata: {name: %s, namespace: %s}
        status:
          conditions:
            - {type: %s, status: "%s", reason: Test, message: by %s, lastTransitionTime: "2026-01-01T00:00:00Z"}
        """.formatted(Components.PRODUCER, namespace.name(), type, status, manager);
    Kubectl.Result result = Kubectl.admin(plane).run(java.util.List.of("apply", "--server-side",
        "--field-manager=" + manager, "--subresource=status", "-f", "-"), body);
    assertThat(result.ok()).as("%s", result).isTrue();
  }

  @Test
  void kubectlScaleOfAProducerMovesItsDeployment(LocalControlPlane plane, TestNamespace namespace) {
    Components components = new Components(namespace.name());
    try (EmbeddedKafkaBroker kafka = EmbeddedKafkaBroker.start();
        OperatorOnCluster operator = OperatorOnCluster.start(plane.clientAs(OperatorWrites.OPERATOR));
        KubernetesClient user = plane.clientAs("gitops-controller")) {
      user.resource(components.pipeline(kafka.bootstrapServers(), REDIS, "Retain")).create();
      user.resource(components.producer()).create();
      String deployment = Components.PRODUCER + "-producer";
      await("Deployment with 1 replica").atMost(CONVERGED).until(() -> replicas(user, namespace, deployment) == 1);
      await("status.selector").atMost(CONVERGED).until(() -> producer(user, namespace).getStatus() != null
          && producer(user, namespace).getStatus().getSelector() != null);

      Kubectl.admin(plane).ok("scale", "producer", Components.PRODUCER, "--replicas=3", "-n", namespace.name());

      await("Deployment scaled to 3").atMost(CONVERGED).until(() -> replicas(user, namespace, deployment) == 3);
      assertThat(producer(user, namespace).getSpec().getReplicas()).isEqualTo(3);
      String scale = Kubectl.admin(plane).ok("get", "producer", Components.PRODUCER, "-n", namespace.name(),
          "--subresource=scale", "-o", "jsonpath={.spec.replicas} {.status.selector}");
      assertThat(scale).isEqualTo("3 " + producer(user, namespace).getStatus().getSelector());
      assertThat(producer(user, namespace).getStatus().getSelector())
          .contains("app.kubernetes.io/instance=" + Components.PRODUCER);
    }
  }

  private static Producer producer(KubernetesClient client, TestNamespace namespace) {
    return client.resources(Producer.class).inNamespace(namespace.name()).withName(Components.PRODUCER).get();
  }

  private static int replicas(KubernetesClient client, TestNamespace namespace, String name) {
    try {
      Deployment d = client.apps().deployments().inNamespace(namespace.name()).withName(name).get();
      return d == null || d.getSpec().getReplicas() == null ? -1 : d.getSpec().getReplicas();
    } catch (KubernetesClientException e) {
      return -1;
    }
  }
}
