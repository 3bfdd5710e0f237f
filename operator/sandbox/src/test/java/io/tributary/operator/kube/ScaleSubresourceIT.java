package io.tributary.operator.kube;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.tributary.api.v1alpha1.Pipeline;
import io.tributary.api.v1alpha1.Worker;
import io.tributary.operator.sandbox.kube.AuditLog;
import io.tributary.operator.sandbox.kube.LocalControlPlane;
import io.tributary.operator.testing.kube.ClusterCrds;
import io.tributary.operator.testing.kube.Kubectl;
import io.tributary.operator.testing.kube.OperatorOnCluster;
import io.tributary.operator.testing.kube.RealControlPlane;
import io.tributary.operator.testing.kube.TestNamespace;
import io.tributary.runtime.embedded.EmbeddedKafkaBroker;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Properties;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code kubectl scale worker} goes through the Worker's scale subresource ({@code spec.replicas},
 * {@code status.replicas}, {@code status.selector}).
 *
 * <p>What it does depends on {@code spec.autoscaling}:
 *
 * <ul>
 *   <li>without it, the Deployment follows {@code spec.replicas};
 *   <li>with it, the autoscaler stays the only writer of the Deployment's replicas: the request is
 *       accepted (it sets {@code spec.replicas}, as the scale subresource always does) but moves
 *       nothing — not the reconciler, not the autoscaler — and the Deployment keeps following the
 *       autoscaler's decisions. {@code spec.replicas} is the count the Worker returns to when
 *       {@code spec.autoscaling} is removed.
 * </ul>
 */
@RealControlPlane
class ScaleSubresourceIT {
  private static final Duration CONVERGED = Duration.ofSeconds(60);
  private static final String REDIS = "redis://redis.invalid:6379/0";
  private static final String DEPLOYMENT = Components.WORKER + "-worker";

  @BeforeEach
  void crds(LocalControlPlane plane) {
    ClusterCrds.installAll(plane);
  }

  @Test
  void kubectlScaleOfAWorkerMovesItsDeployment(LocalControlPlane plane, TestNamespace namespace, @TempDir Path dir) {
    Components components = new Components(namespace.name());
    try (EmbeddedKafkaBroker kafka = EmbeddedKafkaBroker.start();
        OperatorOnCluster operator = OperatorOnCluster.start(plane.clientAs(OperatorWrites.OPERATOR));
        KubernetesClient user = plane.clientAs("gitops-controller")) {
      user.resource(components.pipeline(kafka.bootstrapServers(), REDIS, "Retain")).create();
      user.resource(components.worker()).create();
      await("Deployment with 1 replica").atMost(CONVERGED).until(() -> replicas(user, namespace) == 1);
      await("status.selector").atMost(CONVERGED).until(() -> worker(user, namespace).getStatus() != null
          && worker(user, namespace).getStatus().getSelector() != null);

      kubectl(plane, dir).ok("scale", "worker", Components.WORKER, "--replicas=3", "-n", namespace.name());

      await("Deployment scaled to 3").atMost(CONVERGED).until(() -> replicas(user, namespace) == 3);
      assertThat(worker(user, namespace).getSpec().getReplicas()).isEqualTo(3);
      String scale = kubectl(plane, dir).ok("get", "worker", Components.WORKER, "-n", namespace.name(),
          "--subresource=scale", "-o", "jsonpath={.spec.replicas} {.status.selector}");
      assertThat(scale).isEqualTo("3 " + worker(user, namespace).getStatus().getSelector());
      assertThat(worker(user, namespace).getStatus().getSelector())
          .contains("app.kubernetes.io/instance=" + Components.WORKER);
    }
  }

  @Test
  void kubectlScaleOfAnAutoscaledWorkerLeavesTheReplicasToTheAutoscaler(LocalControlPlane plane,
      TestNamespace namespace, @TempDir Path dir) {
    Components components = new Components(namespace.name());
    try (EmbeddedKafkaBroker kafka = EmbeddedKafkaBroker.start();
        OperatorOnCluster operator = OperatorOnCluster.start(plane.clientAs(OperatorWrites.OPERATOR));
        KubernetesClient user = plane.clientAs("gitops-controller")) {
      user.resource(components.pipeline(kafka.bootstrapServers(), REDIS, "Retain")).create();
      user.resource(components.worker("""
          autoscaling: {minReplicas: 2, maxReplicas: 6, lagThreshold: 100, pollIntervalSeconds: 1}
          """)).create();
      await("the autoscaler raised the Deployment to minReplicas").atMost(CONVERGED)
          .until(() -> replicas(user, namespace) == 2);
      await("Pipeline ready").atMost(CONVERGED).until(() -> ready(user, namespace));
      OperatorWrites writes = OperatorWrites.of(plane, namespace);

      long scaled = writes.mark();
      kubectl(plane, dir).ok("scale", "worker", Components.WORKER, "--replicas=5", "-n", namespace.name());
      assertThat(worker(user, namespace).getSpec().getReplicas()).isEqualTo(5);

      // several polls and a reconcile of the new generation: the Deployment is left alone
      OperatorWrites.sleep(Duration.ofSeconds(6));
      assertThat(replicas(user, namespace)).isEqualTo(2);
      assertThat(deploymentWrites(writes.since(scaled), namespace)).isEmpty();
      assertThat(worker(user, namespace).getStatus().getDesiredReplicas()).isEqualTo(2);

      // a backlog: the autoscaler decides, capped by the topic's 3 partitions, not by the 5 asked for
      produce(kafka, 1000);
      await("the autoscaler scaled to the partition count").atMost(CONVERGED)
          .until(() -> replicas(user, namespace) == 3);
      OperatorWrites.sleep(Duration.ofSeconds(3));
      assertThat(replicas(user, namespace)).isEqualTo(3);
      // the autoscaler's JSON patch of /spec/replicas, never the reconciler's update of the Deployment
      assertThat(deploymentWrites(writes.since(scaled), namespace)).isNotEmpty()
          .allSatisfy(w -> assertThat(w.verb()).isEqualTo("patch"));
io.tributary.operator.testing.Conflicts.retry(() -> 
      // without autoscaling, spec.replicas — what kubectl scale set — is the count again
      user.resources(Worker.class).inNamespace(namespace.name()).withName(Components.WORKER).edit(w -> {
        w.getSpec().setAutoscaling(null);
        return w;
      }));
      await("the Deployment follows spec.replicas").atMost(CONVERGED).until(() -> replicas(user, namespace) == 5);
    }
  }

  /** Writes to this test's Deployment (an operator watching all namespaces may still be finishing other tests'). */
  private static List<AuditLog.Write> deploymentWrites(List<AuditLog.Write> writes, TestNamespace namespace) {
    return writes.stream().filter(w -> w.resource().equals("deployments") && w.name().equals(DEPLOYMENT)
        && w.namespace().equals(namespace.name())).toList();
  }

  private static Kubectl kubectl(LocalControlPlane plane, Path dir) {
    return new Kubectl(plane.kubectl(), plane.writeKubeconfig(dir.resolve("user.kubeconfig"),
        plane.tokenOf("gitops-controller")));
  }

  private static Worker worker(KubernetesClient client, TestNamespace namespace) {
    return client.resources(Worker.class).inNamespace(namespace.name()).withName(Components.WORKER).get();
  }

  private static boolean ready(KubernetesClient client, TestNamespace namespace) {
    Pipeline p = client.resources(Pipeline.class).inNamespace(namespace.name()).withName(Components.PIPELINE).get();
    return p != null && p.getStatus() != null && p.getStatus().condition("Ready") != null
        && "True".equals(p.getStatus().condition("Ready").getStatus());
  }

  private static int replicas(KubernetesClient client, TestNamespace namespace) {
    Deployment d = client.apps().deployments().inNamespace(namespace.name()).withName(DEPLOYMENT).get();
    return d == null || d.getSpec().getReplicas() == null ? -1 : d.getSpec().getReplicas();
  }

  private static void produce(EmbeddedKafkaBroker kafka, int count) {
    Properties props = new Properties();
    props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
    props.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
    props.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
    try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(props)) {
      for (int i = 0; i < count; i++) {
        producer.send(new ProducerRecord<>(Components.TOPIC, i % 3, null, "{}".getBytes()));
      }
    }
  }
}
