package io.tributary.operator.reconciler;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import org.junit.jupiter.api.Test;

/** When a replay counts the Worker's pods as gone ({@link WorkerReplays#livePods}). */
class WorkerReplaysTest {

  private static Deployment deployment(long generation, int specReplicas, Long observedGeneration, Integer replicas) {
    var b = new DeploymentBuilder().withNewMetadata().withName("w-worker").withGeneration(generation).endMetadata()
        .withNewSpec().withReplicas(specReplicas).endSpec();
    if (observedGeneration != null) {
      b.withNewStatus().withObservedGeneration(observedGeneration).withReplicas(replicas).endStatus();
    }
    return b.build();
  }

  @Test
  void theHoldIsNotSeenYetWhileTheControllerReportsAnOlderGeneration() {
    // just scaled to 0 (generation 3); the controller still reports generation 2 with no pods counted
    assertThat(WorkerReplays.livePods(deployment(3, 0, 2L, 0))).isPositive();
    assertThat(WorkerReplays.livePods(deployment(3, 0, 2L, 2))).isEqualTo(2);
  }

  @Test
  void podsOfTheCurrentGenerationAreStatusReplicas() {
    assertThat(WorkerReplays.livePods(deployment(3, 0, 3L, 1))).isEqualTo(1);
    assertThat(WorkerReplays.livePods(deployment(3, 0, 3L, 0))).isZero();
    assertThat(WorkerReplays.livePods(deployment(3, 0, 3L, null))).isZero();
  }

  @Test
  void aDeploymentNoControllerReportsOnHasNoPodsAndTheConsumerGroupDecides() {
    assertThat(WorkerReplays.livePods(deployment(3, 0, null, null))).isZero();
    assertThat(WorkerReplays.livePods(null)).isZero();
  }
}
