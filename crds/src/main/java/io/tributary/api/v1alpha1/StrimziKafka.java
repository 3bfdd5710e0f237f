package io.tributary.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import java.util.Objects;

/**
 * A Kafka cluster managed by Strimzi; topics become KafkaTopic resources.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonInclude(JsonInclude.Include.NON_NULL)
public class StrimziKafka {

  @JsonPropertyDescription("Name of the Strimzi Kafka resource (the strimzi.io/cluster label of the KafkaTopics).")
  @Required
  @Pattern(ApiPatterns.DNS_LABEL)
  private String cluster;

  @JsonPropertyDescription("Namespace of the Kafka resource; the KafkaTopics are created there (the topic operator watches one namespace). Default: the Pipeline's namespace.")
  @Pattern(ApiPatterns.DNS_LABEL)
  private String namespace;

  @JsonPropertyDescription("Name of the Strimzi listener the runtime connects to. Default: plain.")
  @Pattern(ApiPatterns.DNS_LABEL)
  @Default("plain")
  private String listener = "plain";

  public String getCluster() {
    return cluster;
  }

  public void setCluster(String cluster) {
    this.cluster = cluster;
  }

  public String getNamespace() {
    return namespace;
  }

  public void setNamespace(String namespace) {
    this.namespace = namespace;
  }

  public String getListener() {
    return listener;
  }

  public void setListener(String listener) {
    this.listener = listener;
  }

  @Override
  public boolean equals(Object o) {
    if (this == o) return true;
    if (o == null || getClass() != o.getClass()) return false;
    StrimziKafka that = (StrimziKafka) o;
    return Objects.equals(cluster, that.cluster)
        && Objects.equals(namespace, that.namespace)
        && Objects.equals(listener, that.listener);
  }

  @Override
  public int hashCode() {
    return Objects.hash(cluster, namespace, listener);
  }

  @Override
  public String toString() {
    return "StrimziKafka{"
        + "cluster=" + cluster
        + ", namespace=" + namespace
        + ", listener=" + listener
        + "}";
  }
}
