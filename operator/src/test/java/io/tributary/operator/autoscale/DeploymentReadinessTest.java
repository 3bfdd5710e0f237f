package io.tributary.operator.autoscale;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import org.junit.jupiter.api.Test;

/**
 * What the autoscaler takes for a Deployment's ready replicas: a reported status counts, an
 * unreported one is not "none ready" (with that, the not-ready rule held every scale-up on API
 * servers without a Deployment controller, and the tests that scale there never scaled).
 */
class DeploymentReadinessTest {

  @Test
  void aReportedStatusCountsItsReadyReplicas() {
    assertThat(KubernetesReplicaWriter.readyReplicas(deployment(3, 2L, 1), 3)).isEqualTo(1);
    assertThat(KubernetesReplicaWriter.readyReplicas(deployment(3, 2L, null), 3)).as("reported, none ready").isZero();
  }

  @Test
  void aDeploymentNoControllerReportedOnHasNoReplicaWarmingUp() {
    assertThat(KubernetesReplicaWriter.readyReplicas(deployment(3, null, null), 3)).isEqualTo(3);
    Deployment withoutStatus = new DeploymentBuilder().withNewSpec().withReplicas(2).endSpec().build();
    assertThat(KubernetesReplicaWriter.readyReplicas(withoutStatus, 2)).isEqualTo(2);
  }

  private static Deployment deployment(int replicas, Long observedGeneration, Integer ready) {
    return new DeploymentBuilder().withNewSpec().withReplicas(replicas).endSpec()
        .withNewStatus().withObservedGeneration(observedGeneration).withReadyReplicas(ready).endStatus().build();
  }
}
