package io.tributary.operator.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

/** The Scale of a Worker at the paths its CRD declares, and the paths that ask for one. */
class ScaleSubresourceTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  @Test
  void theScaleIsReadAtTheCrdsPaths() throws Exception {
    ScaleSubresource scale = ScaleSubresource.of(JSON.readTree("""
        {"name": "v1alpha1", "subresources": {"status": {}, "scale": {"specReplicasPath": ".spec.replicas",
          "statusReplicasPath": ".status.replicas", "labelSelectorPath": ".status.selector"}}}""")).orElseThrow();
    JsonNode worker = JSON.readTree("""
        {"apiVersion": "tributary.io/v1alpha1", "kind": "Worker",
         "metadata": {"name": "w", "namespace": "default", "uid": "u-1", "resourceVersion": "7",
                      "creationTimestamp": "2026-11-22T09:00:00Z", "labels": {"a": "b"}},
         "spec": {"replicas": 3}, "status": {"replicas": 2, "selector": "app=w"}}""");

    assertThat(scale.scaleOf(worker)).isEqualTo(JSON.readTree("""
        {"apiVersion": "autoscaling/v1", "kind": "Scale",
         "metadata": {"name": "w", "namespace": "default", "uid": "u-1", "resourceVersion": "7",
                      "creationTimestamp": "2026-11-22T09:00:00Z"},
         "spec": {"replicas": 3}, "status": {"replicas": 2, "selector": "app=w"}}"""));
    // not set yet: 0, as a real server says
    assertThat(scale.scaleOf(JSON.readTree("{\"metadata\": {\"name\": \"w\"}, \"spec\": {}}")).path("status"))
        .isEqualTo(JSON.readTree("{\"replicas\": 0}"));
    assertThat(scale.replicasPatch(5, "7")).isEqualTo(JSON.readTree("""
        [{"op": "add", "path": "/metadata/resourceVersion", "value": "7"},
         {"op": "add", "path": "/spec/replicas", "value": 5}]"""));
    assertThat(ScaleSubresource.of(JSON.readTree("{\"subresources\": {\"status\": {}}}"))).isEmpty();
  }

  @Test
  void onlyAScalePathOfANamedObjectIsATarget() {
    assertThat(ScaleSubresource.Target.of("/apis/tributary.io/v1alpha1/namespaces/default/workers/w/scale"))
        .contains(new ScaleSubresource.Target("tributary.io/v1alpha1", "workers",
            "/apis/tributary.io/v1alpha1/namespaces/default/workers/w"));
    assertThat(ScaleSubresource.Target.of("/apis/example.io/v1/clusterthings/t/scale"))
        .contains(new ScaleSubresource.Target("example.io/v1", "clusterthings", "/apis/example.io/v1/clusterthings/t"));
    // a Worker named "scale", a status, a built-in kind
    assertThat(ScaleSubresource.Target.of("/apis/tributary.io/v1alpha1/namespaces/default/workers/scale")).isEmpty();
    assertThat(ScaleSubresource.Target.of("/apis/tributary.io/v1alpha1/namespaces/default/workers/w/status")).isEmpty();
    assertThat(ScaleSubresource.Target.of("/api/v1/namespaces/default/replicationcontrollers/r/scale")).isEmpty();
  }
}
