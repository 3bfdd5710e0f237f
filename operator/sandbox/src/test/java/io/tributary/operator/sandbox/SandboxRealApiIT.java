package io.tributary.operator.sandbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.tributary.operator.sandbox.kube.LocalControlPlane;
import io.tributary.operator.sandbox.node.RuntimeJar;
import io.tributary.operator.testing.MockCluster;
import io.tributary.operator.testing.kube.Kubectl;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * {@code sandbox --api real}: the sandbox on the real control plane, with the operator in its
 * production configuration and pods run by the local node. Plain {@code kubectl apply -f} of every
 * example (no {@code --validate=false}), each of the four kinds {@code Ready} ({@code kubectl wait}),
 * a bad CR refused by the server itself, {@code kubectl scale} through the scale subresource, and
 * deletion collected by kube-controller-manager's garbage collector.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class SandboxRealApiIT {
  private static Sandbox sandbox;
  private static Kubectl kubectl;

  @BeforeAll
  static void start() {
    sandbox = Sandbox.start(SandboxOptions.defaults()
        .withApi(SandboxOptions.ApiMode.REAL)
        .withOutputDir(Path.of("target", "sandbox-it", "real-api"))
        .withRuntimeJar(RuntimeJar.require()));
    RealApiServer api = (RealApiServer) sandbox.api();
    LocalControlPlane plane = api.controlPlane();
    kubectl = new Kubectl(plane.kubectl(), api.kubeconfig());
  }

  @AfterAll
  static void stop() {
    if (sandbox != null) {
      sandbox.close();
    }
  }

  @Test
  @Order(1)
  void everyExampleAppliesWithPlainKubectlAndEveryKindBecomesReady() {
    for (String example : List.of("market-data", "payments", "call-stats", "etl")) {
      Kubectl.Result applied = kubectl.run("apply", "-f", "manifests/examples/" + example + ".yaml");
      assertThat(applied.ok()).as("kubectl apply -f %s: %s", example, applied).isTrue();
    }
    {
      KubernetesClient client = sandbox.client(); // the sandbox's own: not closed here
      var pipeline = client.genericKubernetesResources("tributary.io/v1alpha1", "Pipeline")
          .inNamespace("default").withName("market-data").get();
      assertThat(pipeline.getAdditionalProperties().toString())
          .as("the webhook pointed the Pipeline at the sandbox's Kafka")
          .contains(sandbox.kafkaBootstrapServers());
    }
    for (String kind : List.of("pipelines", "producers", "workers", "etlschedules")) {
      Kubectl.Result waited = kubectl.run("wait", "--for=condition=Ready", "--timeout=240s", kind, "--all", "-n", "default");
      assertThat(waited.ok()).as("kubectl wait --for=condition=Ready %s --all: %s%n%s", kind, waited,
          kubectl.run("get", "tributary", "-o", "wide")).isTrue();
    }
  }

  @Test
  @Order(2)
  void theServerRefusesABadWorkerNamingTheField() {
    String bad = """
        apiVersion: tributary.io/v1alpha1
        kind: Worker
        metadata: {name: bad-ttl}
        spec:
          pipeline: market-data
          input: {topic: {name: market-data-stream}}
          processors: [{cacheLatest: {key: k, ttl: 5min}}]
        """;
    Kubectl.Result result = kubectl.run(List.of("apply", "-f", "-"), bad);

    assertThat(result.ok()).isFalse();
    assertThat(result.err()).contains("spec.processors[0].cacheLatest.ttl");
  }

  @Test
  @Order(3)
  void kubectlExplainShowsTheWorkerSchema() {
    await().atMost(Duration.ofSeconds(60)).until(() -> kubectl.run("explain", "worker.spec").ok());
    assertThat(kubectl.ok("explain", "worker.spec")).contains("processors", "autoscaling");
  }

  @Test
  @Order(4)
  void kubectlScaleMovesTheDeploymentThroughTheScaleSubresource() {
    String worker = fixedReplicaWorker();
    Kubectl.Result scaled = kubectl.run("scale", "worker", worker, "--replicas=2", "-n", "default");

    assertThat(scaled.ok()).as("kubectl scale: %s", scaled).isTrue();
    {
      KubernetesClient client = sandbox.client(); // the sandbox's own: not closed here
      await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
        List<Deployment> deployments = client.apps().deployments().inNamespace("default")
            .withLabel(io.tributary.operator.model.Labels.INSTANCE, worker).list().getItems();
        assertThat(deployments).singleElement().satisfies(d -> assertThat(d.getSpec().getReplicas()).isEqualTo(2));
      });
    }
    assertThat(kubectl.ok("get", "worker", worker, "-o", "jsonpath={.spec.replicas}")).isEqualTo("2");
  }

  @Test
  @Order(5)
  void deletingAWorkerRemovesItsDeploymentConfigMapAndPods() {
    String worker = fixedReplicaWorker();
    kubectl.ok("delete", "worker", worker, "-n", "default", "--wait=true", "--timeout=60s");

    {
      KubernetesClient client = sandbox.client(); // the sandbox's own: not closed here
      await("garbage collection of " + worker + "'s children").atMost(Duration.ofSeconds(90)).untilAsserted(() -> {
        assertThat(client.apps().deployments().inNamespace("default")
            .withLabel(io.tributary.operator.model.Labels.INSTANCE, worker).list().getItems()).isEmpty();
        assertThat(client.configMaps().inNamespace("default").withLabel(io.tributary.operator.model.Labels.INSTANCE, worker).list()
            .getItems()).isEmpty();
        assertThat(client.pods().inNamespace("default").withLabel(io.tributary.operator.model.Labels.INSTANCE, worker).list()
            .getItems()).isEmpty();
      });
    }
    await("the local node stops " + worker + "'s pods").atMost(Duration.ofSeconds(60)).untilAsserted(() ->
        assertThat(sandbox.node().pods()).noneSatisfy(pod -> assertThat(pod.name()).startsWith(worker + "-")));
  }

  /** A Worker of the examples without autoscaling (kubectl scale is then the user's to do). */
  private static String fixedReplicaWorker() {
    {
      KubernetesClient client = sandbox.client(); // the sandbox's own: not closed here
      return client.resources(io.tributary.api.v1alpha1.Worker.class).inNamespace("default").list().getItems().stream()
          .filter(w -> w.getSpec().getAutoscaling() == null)
          .map(w -> w.getMetadata().getName())
          .sorted()
          .findFirst()
          .orElseThrow(() -> new AssertionError("no Worker without autoscaling among the examples"));
    }
  }

  static Path repositoryRoot() {
    return MockCluster.repoRoot();
  }
}
