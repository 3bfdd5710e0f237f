package io.tributary.operator.autoscale;

import static org.assertj.core.api.Assertions.assertThat;

import io.tributary.api.v1alpha1.WorkerStatus;
import io.tributary.operator.status.ConditionsHelper;
import java.util.List;
import org.junit.jupiter.api.Test;

/** When the live status already shows the autoscaler's values, no request is sent. */
class KubernetesScalerStatusTest {
  static final AutoscalerStatus STATUS =
      new AutoscalerStatus(6, 600L, 6, "2026-11-22T07:00:00Z", "lag 600 > 1 replica x 100 -> 6", true, "LagObserved", "observing t", 250.0);

  @Test
  void aLiveStatusShowingTheValuesNeedsNoWrite() {
    WorkerStatus live = new WorkerStatus();
    live.setDesiredReplicas(6);
    live.setLag(600L);
    live.setPartitions(6);
    live.setLastScaleTime("2026-11-22T07:00:00Z");
    live.setLastScaleReason("lag 600 > 1 replica x 100 -> 6");
    live.setPerReplicaRate(250.0);
    live.setConditions(List.of(ConditionsHelper.condition("Ready", true, "Available", "ok"),
        ConditionsHelper.condition("ScalerHealthy", true, "LagObserved", "observing t")));

    assertThat(KubernetesScalerStatus.shows(live, STATUS)).isTrue();

    live.setPerReplicaRate(240.0); // a new measurement is written
    assertThat(KubernetesScalerStatus.shows(live, STATUS)).isFalse();
    live.setPerReplicaRate(250.0);
    live.setLag(0L); // e.g. reset by a writer with an older copy
    assertThat(KubernetesScalerStatus.shows(live, STATUS)).isFalse();
    assertThat(KubernetesScalerStatus.shows(null, STATUS)).isFalse();
  }
}
