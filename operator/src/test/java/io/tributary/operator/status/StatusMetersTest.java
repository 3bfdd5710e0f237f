package io.tributary.operator.status;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.javaoperatorsdk.operator.api.monitoring.Metrics;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.javaoperatorsdk.operator.processing.event.source.controller.ResourceAction;
import io.javaoperatorsdk.operator.processing.event.source.controller.ResourceEvent;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.tributary.api.v1alpha1.Producer;
import io.tributary.api.v1alpha1.ProducerStatus;
import io.tributary.api.v1alpha1.Worker;
import io.tributary.api.v1alpha1.WorkerStatus;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class StatusMetersTest {
  private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
  private final StatusMeters meters = new StatusMeters(registry, Metrics.NOOP);

  private Double ready(String kind, String name) {
    var gauge = registry.find(StatusMeters.READY).tags("kind", kind, "namespace", "ns", "name", name).gauge();
    return gauge == null ? null : gauge.value();
  }

  private Double scalerHealthy(String worker) {
    var gauge = registry.find(StatusMeters.SCALER_HEALTHY).tags("namespace", "ns", "worker", worker).gauge();
    return gauge == null ? null : gauge.value();
  }

  private static Producer producer(String name, Boolean ready) {
    Producer p = new Producer();
    p.setMetadata(new ObjectMetaBuilder().withNamespace("ns").withName(name).build());
    if (ready != null) {
      ProducerStatus s = new ProducerStatus();
      s.setConditions(List.of(ConditionsHelper.condition("Ready", ready, "R", "m")));
      p.setStatus(s);
    }
    return p;
  }

  @Test
  void readyFollowsTheReadyConditionAndGoesWithTheResource() {
    meters.observe(ResourceAction.ADDED, producer("p", null));
    assertThat(ready("Producer", "p")).isEqualTo(0.0);
    meters.observe(ResourceAction.UPDATED, producer("p", true));
    assertThat(ready("Producer", "p")).isEqualTo(1.0);
    meters.observe(ResourceAction.UPDATED, producer("p", false));
    assertThat(ready("Producer", "p")).isEqualTo(0.0);
    meters.observe(ResourceAction.DELETED, producer("p", false));
    assertThat(ready("Producer", "p")).isNull();
  }

  @Test
  void scalerHealthyOnlyWhileTheWorkerHasTheCondition() {
    Worker w = new Worker();
    w.setMetadata(new ObjectMetaBuilder().withNamespace("ns").withName("w").build());
    WorkerStatus s = new WorkerStatus();
    s.setConditions(List.of(ConditionsHelper.condition("Ready", true, "Available", "1/1"),
        ConditionsHelper.condition("ScalerHealthy", false, "MetricsUnavailable", "kafka down")));
    w.setStatus(s);
    meters.observe(ResourceAction.UPDATED, w);
    assertThat(scalerHealthy("w")).isEqualTo(0.0);
    assertThat(ready("Worker", "w")).isEqualTo(1.0);
    s.setConditions(List.of(ConditionsHelper.condition("Ready", true, "Available", "1/1")));
    meters.observe(ResourceAction.UPDATED, w);
    assertThat(scalerHealthy("w")).isNaN();
    meters.observe(ResourceAction.DELETED, w);
    assertThat(ready("Worker", "w")).isNull();
  }

  @Test
  void josdkEventsOfPrimaryResourcesFeedTheGauges() {
    Producer p = producer("q", true);
    meters.receivedEvent(new ResourceEvent(ResourceAction.ADDED, ResourceID.fromResource(p), p), Map.of());
    assertThat(ready("Producer", "q")).isEqualTo(1.0);
  }
}
