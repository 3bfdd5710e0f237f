package io.tributary.operator.model;

/**
 * Kinds of other projects the operator writes (or, for Strimzi's {@code Kafka}, reads), each
 * optional: it is only used when its CRD is served by the cluster. Handled as {@code GenericKubernetesResource}s, so the operator needs no
 * client classes of those projects and is not tied to their versions.
 */
public enum UpstreamKind {
  KAFKA_TOPIC("kafka.strimzi.io", "v1", "KafkaTopic", "kafkatopics", "Strimzi"),
  /** A component's Kafka principal and ACLs ({@link KafkaAcls}). */
  KAFKA_USER("kafka.strimzi.io", "v1", "KafkaUser", "kafkausers", "Strimzi"),
  /** Read only: the bootstrap address of a listener. */
  KAFKA("kafka.strimzi.io", "v1", "Kafka", "kafkas", "Strimzi"),
  /** Read only: Strimzi releases before the v1 API serve {@code Kafka} as v1beta2 only. */
  KAFKA_V1BETA2("kafka.strimzi.io", "v1beta2", "Kafka", "kafkas", "Strimzi"),
  SERVICE_MONITOR("monitoring.coreos.com", "v1", "ServiceMonitor", "servicemonitors", "Prometheus Operator"),
  POD_MONITOR("monitoring.coreos.com", "v1", "PodMonitor", "podmonitors", "Prometheus Operator"),
  PROMETHEUS_RULE("monitoring.coreos.com", "v1", "PrometheusRule", "prometheusrules", "Prometheus Operator"),
  GRAFANA_DASHBOARD("grafana.integreatly.org", "v1beta1", "GrafanaDashboard", "grafanadashboards", "grafana-operator"),
  /** Workers with {@code autoscaling.engine: keda}. */
  SCALED_OBJECT("keda.sh", "v1alpha1", "ScaledObject", "scaledobjects", "KEDA");

  public final String group;
  public final String version;
  public final String kind;
  public final String plural;
  /** Who installs the CRD, for status messages. */
  public final String project;

  UpstreamKind(String group, String version, String kind, String plural, String project) {
    this.group = group;
    this.version = version;
    this.kind = kind;
    this.plural = plural;
    this.project = project;
  }

  public String apiVersion() {
    return group + "/" + version;
  }

  /** Name of the CustomResourceDefinition, {@code <plural>.<group>}. */
  public String crdName() {
    return plural + "." + group;
  }

  /** The kind for an apiVersion/kind pair, or null when it is not an upstream kind. */
  public static UpstreamKind of(String apiVersion, String kind) {
    for (UpstreamKind k : values()) {
      if (k.apiVersion().equals(apiVersion) && k.kind.equals(kind)) {
        return k;
      }
    }
    return null;
  }
}
