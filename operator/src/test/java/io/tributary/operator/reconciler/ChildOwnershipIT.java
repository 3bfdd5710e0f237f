package io.tributary.operator.reconciler;

import static io.tributary.operator.testing.Fixtures.NAMESPACE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.tributary.api.v1alpha1.Producer;
import io.tributary.operator.model.WorkloadModel;
import io.tributary.operator.testing.Fixtures;
import io.tributary.operator.testing.MockCluster;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A child name already taken by someone else's object: the operator changes nothing and the
 * owner says {@code Ready=False} naming the object and its owner (the path every reconciler
 * shares through {@link ChildApplier}).
 */
class ChildOwnershipIT {
  static MockCluster cluster;
  static KubernetesClient client;

  @BeforeAll
  static void start() throws Exception {
    cluster = MockCluster.start(true);
    client = cluster.client();
    cluster.startOperator();
  }

  @AfterAll
  static void stop() {
    cluster.close();
  }

  @Test
  void aProducerDoesNotTakeOverADeploymentItDidNotCreate() {
    client.resource(Fixtures.strimziPipeline("own1")).create();
    String name = WorkloadModel.workloadName("own1-feed", "producer");
    Deployment handMade = client.resource(new DeploymentBuilder().withNewMetadata().withName(name)
        .withNamespace(NAMESPACE).withLabels(Map.of("team", "payments")).endMetadata()
        .withNewSpec().withReplicas(3).withNewSelector().addToMatchLabels("app", "x").endSelector()
        .withNewTemplate().withNewMetadata().addToLabels("app", "x").endMetadata().withNewSpec()
        .addNewContainer().withName("x").withImage("nginx").endContainer().endSpec().endTemplate().endSpec()
        .build()).create();

    client.resource(Fixtures.marketDataProducer("own1-feed", "own1")).create();

    await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
      var ready = client.resources(Producer.class).inNamespace(NAMESPACE).withName("own1-feed").get()
          .getStatus().condition("Ready");
      assertThat(ready.getStatus()).isEqualTo("False");
      assertThat(ready.getReason()).isEqualTo("OwnershipConflict");
      assertThat(ready.getMessage()).isEqualTo("Deployment " + NAMESPACE + "/" + name
          + " exists and was not created by Tributary");
    });
    Deployment live = client.apps().deployments().inNamespace(NAMESPACE).withName(name).get();
    assertThat(live.getMetadata().getResourceVersion()).isEqualTo(handMade.getMetadata().getResourceVersion());
    assertThat(live.getSpec().getReplicas()).isEqualTo(3);
  }
}
