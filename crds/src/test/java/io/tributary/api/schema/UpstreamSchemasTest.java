package io.tributary.api.schema;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The validator reads the upstream CRDs the operator writes objects for (Strimzi, Prometheus
 * Operator, Grafana operator, KEDA): an object the API server accepts passes, one it refuses
 * fails with the field's path.
 */
class UpstreamSchemasTest {

  static Stream<Arguments> upstream() {
    return Stream.of(
        Arguments.of("strimzi-1.2.0-kafkatopic.crd.yaml", """
            apiVersion: kafka.strimzi.io/v1
            kind: KafkaTopic
            metadata:
              name: market-data-stream
              namespace: kafka
              labels: {strimzi.io/cluster: my-cluster}
            spec:
              topicName: market-data-stream
              partitions: 6
              replicas: 1
              config: {retention.ms: 604800000, cleanup.policy: delete}
            """, "partitions: 6", "partitions: 0", "spec.partitions", "should be greater than or equal to 1"),
        Arguments.of("strimzi-1.2.0-kafkauser.crd.yaml", """
            apiVersion: kafka.strimzi.io/v1
            kind: KafkaUser
            metadata:
              name: market-data
              labels: {strimzi.io/cluster: my-cluster}
            spec:
              authentication: {type: scram-sha-512}
            """, "type: scram-sha-512", "type: plain", "spec.authentication.type", "Unsupported value: \"plain\""),
        Arguments.of("strimzi-1.2.0-kafkauser.crd.yaml", """
            apiVersion: kafka.strimzi.io/v1
            kind: KafkaUser
            metadata: {name: market-data}
            spec:
              authentication: {type: tls, validityDays: 30, renewalDays: 10}
            """, "validityDays: 30, renewalDays: 10", "validityDays: 10, renewalDays: 30",
            "spec.authentication", "'renewalDays' must be less than 'validityDays'."),
        Arguments.of("prometheus-operator-0.93.1-servicemonitors.crd.yaml", """
            apiVersion: monitoring.coreos.com/v1
            kind: ServiceMonitor
            metadata:
              name: market-data
              labels: {release: kube-prometheus-stack}
            spec:
              selector:
                matchLabels: {tributary.io/pipeline: market-data}
              endpoints:
                - {port: metrics, path: /metrics, interval: 15s}
            """, "interval: 15s", "interval: 15 seconds", "spec.endpoints[0].interval", "should match"),
        Arguments.of("prometheus-operator-0.93.1-podmonitors.crd.yaml", """
            apiVersion: monitoring.coreos.com/v1
            kind: PodMonitor
            metadata: {name: market-data}
            spec:
              selector:
                matchLabels: {tributary.io/pipeline: market-data}
              podMetricsEndpoints:
                - {port: metrics, path: /metrics}
            """, "port: metrics,", "prot: metrics,", "spec.podMetricsEndpoints[0].prot", "unknown field"),
        Arguments.of("prometheus-operator-0.93.1-prometheusrules.crd.yaml", """
            apiVersion: monitoring.coreos.com/v1
            kind: PrometheusRule
            metadata: {name: market-data}
            spec:
              groups:
                - name: tributary.market-data
                  rules:
                    - alert: TributaryWorkerLagHigh
                      expr: tributary_worker_lag > 1000
                      for: 5m
                      labels: {severity: warning}
                      annotations: {summary: "lag is high"}
            """, "labels: {severity: warning}", "labels: {severity: 3}",
            "spec.groups[0].rules[0].labels.severity", "must be of type string"),
        Arguments.of("grafana-operator-grafanadashboards.crd.yaml", """
            apiVersion: grafana.integreatly.org/v1beta1
            kind: GrafanaDashboard
            metadata: {name: market-data}
            spec:
              instanceSelector:
                matchLabels: {dashboards: grafana}
              folderUID: tributary
              json: "{}"
            """, "folderUID: tributary", "folderUID: tributary\n  folderRef: tributary",
            "spec", "Only one of folderUID or folderRef can be declared at the same time"),
        Arguments.of("keda-scaledobjects.crd.yaml", """
            apiVersion: keda.sh/v1alpha1
            kind: ScaledObject
            metadata: {name: cache-writer}
            spec:
              scaleTargetRef: {apiVersion: tributary.io/v1alpha1, kind: Worker, name: cache-writer}
              minReplicaCount: 1
              maxReplicaCount: 6
              triggers:
                - type: kafka
                  metadata:
                    bootstrapServers: my-cluster-kafka-bootstrap.kafka:9092
                    consumerGroup: market-data.cache-writer
                    topic: market-data-stream
                    lagThreshold: "1000"
            """, "minReplicaCount: 1", "minReplicaCount: 9",
            "spec", "minReplicaCount must be less than or equal to maxReplicaCount"));
  }

  @ParameterizedTest(name = "{0}: {4}")
  @MethodSource("upstream")
  void acceptsTheValidObjectAndRefusesTheBrokenOne(String file, String valid, String original, String broken,
                                                   String path, String message) {
    CrdSchemaRegistry registry = CrdSchemaRegistry.load(ProjectPaths.sharedSchema(file));

    List<SchemaError> validErrors = registry.validate(YamlDocuments.readOne(valid));
    assertThat(validErrors).as(CrdSchemaValidator.format(validErrors)).isEmpty();

    assertThat(valid).contains(original);
    List<SchemaError> errors = registry.validate(YamlDocuments.readOne(valid.replace(original, broken)));
    assertThat(errors).as(CrdSchemaValidator.format(errors)).anySatisfy(error -> {
      assertThat(error.path()).isEqualTo(path);
      assertThat(error.message()).contains(message);
    });
  }
}
