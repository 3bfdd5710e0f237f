package io.tributary.operator.model;

import static io.tributary.operator.model.ModelFixtures.stored;
import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.tributary.api.schema.CrdSchemaValidator;
import io.tributary.api.v1alpha1.Pipeline;
import io.tributary.operator.testing.Fixtures;
import io.tributary.operator.testing.MockCluster;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Schema tier (DESIGN §8): every object of another project's kind the operator generates is one
 * the real API server would accept, checked against the upstream CRDs in {@code ../shared/schemas}.
 */
class UpstreamSchemaTest {

  static Stream<Pipeline> pipelines() {
    Pipeline withEverything = stored(Serialization.unmarshal("""
        apiVersion: tributary.io/v1alpha1
        kind: Pipeline
        metadata: {name: calls, namespace: analytics}
        spec:
          kafka:
            strimzi: {cluster: prod-kafka, namespace: kafka, listener: tls}
          redis: {url: "redis://redis:6379/0"}
          topics:
            - {name: Calls_Raw, partitions: 12, replicas: 3, retention: 1h, config: {cleanup.policy: compact, min.insync.replicas: 2}}
            - {name: long-calls}
          deadLetter: {topic: calls.dead, partitions: 1, replicas: 3, retention: 30d}
          monitoring:
            serviceMonitor: {labels: {release: prom}}
            prometheusRule: {labels: {role: alert-rules}}
            dashboard: {labels: {grafana_dashboard: tributary}, grafanaInstanceLabels: {dashboards: shared-grafana}}
        """, Pipeline.class));
    return Stream.of(stored(Fixtures.strimziPipeline("market-data")), withEverything);
  }

  @ParameterizedTest
  @MethodSource("pipelines")
  void kafkaTopicsValidateAgainstStrimzi(Pipeline pipeline) {
    CrdSchemaValidator strimzi = validator("strimzi-1.2.0-kafkatopic.crd.yaml", "v1");
    List<GenericKubernetesResource> topics =
        TopicModel.declared(pipeline).stream().map(t -> TopicModel.kafkaTopic(pipeline, t)).toList();
    assertThat(topics).isNotEmpty();
    for (GenericKubernetesResource topic : topics) {
      assertThat(strimzi.validateValue(topic)).as(Serialization.asYaml(topic)).isEmpty();
    }
  }

  @ParameterizedTest
  @MethodSource("pipelines")
  void podMonitorValidatesAgainstThePrometheusOperator(Pipeline pipeline) {
    GenericKubernetesResource podMonitor = MonitoringModel.podMonitor(pipeline);
    assertThat(validator("prometheus-operator-0.93.1-podmonitors.crd.yaml", "v1").validateValue(podMonitor))
        .as(Serialization.asYaml(podMonitor)).isEmpty();
  }

  @ParameterizedTest
  @MethodSource("pipelines")
  void prometheusRuleValidatesAgainstThePrometheusOperator(Pipeline pipeline) {
    GenericKubernetesResource rule = MonitoringModel.prometheusRule(pipeline);
    assertThat(validator("prometheus-operator-0.93.1-prometheusrules.crd.yaml", "v1").validateValue(rule))
        .as(Serialization.asYaml(rule)).isEmpty();
  }

  @ParameterizedTest
  @MethodSource("pipelines")
  void grafanaDashboardValidatesAgainstTheGrafanaOperator(Pipeline pipeline) {
    GenericKubernetesResource dashboard = MonitoringModel.grafanaDashboard(pipeline);
    assertThat(validator("grafana-operator-grafanadashboards.crd.yaml", "v1beta1").validateValue(dashboard))
        .as(Serialization.asYaml(dashboard)).isEmpty();
  }

  @ParameterizedTest
  @MethodSource("pipelines")
  void aGrafanaDashboardWithoutInstanceSelectorIsRefused(Pipeline pipeline) {
    GenericKubernetesResource dashboard = MonitoringModel.grafanaDashboard(pipeline);
    @SuppressWarnings("unchecked")
    var spec = new java.util.LinkedHashMap<>((java.util.Map<String, Object>) dashboard.getAdditionalProperties().get("spec"));
    spec.remove("instanceSelector");
    dashboard.setAdditionalProperty("spec", spec);
    assertThat(validator("grafana-operator-grafanadashboards.crd.yaml", "v1beta1").validateValue(dashboard)).isNotEmpty();
  }

  @ParameterizedTest
  @MethodSource("pipelines")
  void aBrokenObjectIsRefused(Pipeline pipeline) {
    // the validator is not a rubber stamp: a field Strimzi does not know is refused
    GenericKubernetesResource topic = TopicModel.kafkaTopic(pipeline, TopicModel.declared(pipeline).get(0));
    @SuppressWarnings("unchecked")
    var spec = (java.util.Map<String, Object>) topic.getAdditionalProperties().get("spec");
    var broken = new java.util.LinkedHashMap<>(spec);
    broken.put("partitionCount", 3);
    topic.setAdditionalProperty("spec", broken);
    assertThat(validator("strimzi-1.2.0-kafkatopic.crd.yaml", "v1").validateValue(topic)).isNotEmpty();
  }

  private static CrdSchemaValidator validator(String file, String version) {
    return CrdSchemaValidator.forCrd(MockCluster.schemas().resolve(file), version);
  }
}
