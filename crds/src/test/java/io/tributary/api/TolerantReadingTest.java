package io.tributary.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import io.tributary.api.v1alpha1.AutoscalingEngine;
import io.tributary.api.v1alpha1.Worker;
import io.tributary.api.v1alpha1.WorkerAutoscaling;
import org.junit.jupiter.api.Test;

/**
 * An informer that meets a field or enum value it does not know must not stop (DESIGN §8): the
 * CR classes read objects written by a newer API version or stored without schema validation.
 */
class TolerantReadingTest {

  private static final KubernetesSerialization SERIALIZATION = new KubernetesSerialization();

  @Test
  void unknownFieldsAndEnumValuesAreIgnored() {
    Worker worker = SERIALIZATION.unmarshal("""
        apiVersion: tributary.io/v1alpha1
        kind: Worker
        metadata: {name: w, namespace: default}
        spec:
          pipeline: md
          futureField: {a: 1}
          input: {topic: {name: t, futureOption: true}}
          processors: [{cacheLatest: {key: "k:{symbol}", ttl: 5m}, futureProcessor: {}}]
          autoscaling: {engine: some-future-engine, maxReplicas: 4}
        status:
          lag: 12
          futureStatus: x
          conditions: [{type: Ready, status: "True", reason: Ready, lastTransitionTime: "2026-01-01T00:00:00Z"}]
        """, Worker.class);

    assertThat(worker.getSpec().getInput().getTopic().getName()).isEqualTo("t");
    assertThat(worker.getSpec().getProcessors().get(0).getCacheLatest().getTtl()).isEqualTo("5m");
    WorkerAutoscaling autoscaling = worker.getSpec().getAutoscaling();
    assertThat(autoscaling.getEngine()).isNull();
    assertThat(autoscaling.getMaxReplicas()).isEqualTo(4);
    assertThat(worker.getStatus().getLag()).isEqualTo(12);
    assertThat(worker.getStatus().condition("Ready").getStatus()).isEqualTo("True");
  }

  @Test
  void absentFieldsReadAsTheSchemaDefaults() {
    Worker worker = SERIALIZATION.unmarshal("""
        apiVersion: tributary.io/v1alpha1
        kind: Worker
        metadata: {name: w}
        spec:
          pipeline: md
          input: {topic: {name: t}}
          processors: [{log: {}}]
          autoscaling: {}
        """, Worker.class);

    assertThat(worker.getSpec().getReplicas()).isEqualTo(1);
    WorkerAutoscaling autoscaling = worker.getSpec().getAutoscaling();
    assertThat(autoscaling.getEngine()).isEqualTo(AutoscalingEngine.BUILTIN);
    assertThat(autoscaling.getMinReplicas()).isEqualTo(1);
    assertThat(autoscaling.getMaxReplicas()).isEqualTo(10);
    assertThat(autoscaling.getLagThreshold()).isEqualTo(1000L);
    assertThat(autoscaling.getTargetUtilization()).isEqualTo(0.8);
  }

  @Test
  void writingLeavesOutUnsetFields() {
    Worker worker = new Worker();
    worker.getMetadata().setName("w");
    String yaml = SERIALIZATION.asYaml(worker);
    assertThat(yaml).doesNotContain("null").doesNotContain("status");
  }
}
