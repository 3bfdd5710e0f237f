package io.tributary.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import com.fasterxml.jackson.databind.JsonNode;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import java.util.Map;
import java.util.Objects;

/**
 * A Kafka topic of the pipeline.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonInclude(JsonInclude.Include.NON_NULL)
public class TopicSpec {

  @JsonPropertyDescription("Topic name (letters, digits, '.', '_', '-').")
  @Required
  @Pattern(ApiPatterns.KAFKA_TOPIC)
  @Size(min = 1, max = 249)
  private String name;

  @JsonPropertyDescription("Number of partitions (also the most useful Worker replicas). Default: the broker's num.partitions.")
  @Min(1)
  @Max(100000)
  private Integer partitions;

  @JsonPropertyDescription("Replication factor. Default: the broker's default.replication.factor.")
  @Min(1)
  @Max(32767)
  private Integer replicas;

  @JsonPropertyDescription("How long records are kept, e.g. 7d (retention.ms). Default: the broker's.")
  @Pattern(ApiPatterns.DURATION)
  private String retention;

  @JsonPropertyDescription("Further Kafka topic configuration (e.g. cleanup.policy: compact), passed as is.")
  private Map<String, JsonNode> config;

  public String getName() {
    return name;
  }

  public void setName(String name) {
    this.name = name;
  }

  public Integer getPartitions() {
    return partitions;
  }

  public void setPartitions(Integer partitions) {
    this.partitions = partitions;
  }

  public Integer getReplicas() {
    return replicas;
  }

  public void setReplicas(Integer replicas) {
    this.replicas = replicas;
  }

  public String getRetention() {
    return retention;
  }

  public void setRetention(String retention) {
    this.retention = retention;
  }

  public Map<String, JsonNode> getConfig() {
    return config;
  }

  public void setConfig(Map<String, JsonNode> config) {
    this.config = config;
  }

  @Override
  public boolean equals(Object o) {
    if (this == o) return true;
    if (o == null || getClass() != o.getClass()) return false;
    TopicSpec that = (TopicSpec) o;
    return Objects.equals(name, that.name)
        && Objects.equals(partitions, that.partitions)
        && Objects.equals(replicas, that.replicas)
        && Objects.equals(retention, that.retention)
        && Objects.equals(config, that.config);
  }

  @Override
  public int hashCode() {
    return Objects.hash(name, partitions, replicas, retention, config);
  }

  @Override
  public String toString() {
    return "TopicSpec{"
        + "name=" + name
        + ", partitions=" + partitions
        + ", replicas=" + replicas
        + ", retention=" + retention
        + ", config=" + config
        + "}";
  }
}
