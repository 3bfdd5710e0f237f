package io.tributary.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Pattern;
import java.util.Objects;

/**
 * The dead-letter topic that receives records that failed every attempt.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonInclude(JsonInclude.Include.NON_NULL)
public class DeadLetterSpec {

  @JsonPropertyDescription("Topic name. Default: <pipeline>.dlq.")
  @Pattern(ApiPatterns.KAFKA_TOPIC)
  private String topic;

  @JsonPropertyDescription("Number of partitions. Default: the broker's.")
  @Min(1)
  @Max(100000)
  private Integer partitions;

  @JsonPropertyDescription("Replication factor. Default: the broker's.")
  @Min(1)
  @Max(32767)
  private Integer replicas;

  @JsonPropertyDescription("Alert TributaryDeadLettersNotRedriven when a Worker's oldest dead letter not yet"
      + " redriven (Worker status.deadLetters.oldestTime) is older than this, in seconds. Default: 86400 (1 day).")
  @Min(60)
  private Long maxAgeSeconds;

  @JsonPropertyDescription("Retention, e.g. 14d. Default: the broker's.")
  @Pattern(ApiPatterns.DURATION)
  private String retention;

  public Long getMaxAgeSeconds() {
    return maxAgeSeconds;
  }

  public void setMaxAgeSeconds(Long maxAgeSeconds) {
    this.maxAgeSeconds = maxAgeSeconds;
  }

  public String getTopic() {
    return topic;
  }

  public void setTopic(String topic) {
    this.topic = topic;
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

  @Override
  public boolean equals(Object o) {
    if (this == o) return true;
    if (o == null || getClass() != o.getClass()) return false;
    DeadLetterSpec that = (DeadLetterSpec) o;
    return Objects.equals(topic, that.topic)
        && Objects.equals(partitions, that.partitions)
        && Objects.equals(replicas, that.replicas)
        && Objects.equals(retention, that.retention)
        && Objects.equals(maxAgeSeconds, that.maxAgeSeconds);
  }

  @Override
  public int hashCode() {
    return Objects.hash(topic, partitions, replicas, retention, maxAgeSeconds);
  }

  @Override
  public String toString() {
    return "DeadLetterSpec{"
        + "topic=" + topic
        + ", partitions=" + partitions
        + ", replicas=" + replicas
        + ", retention=" + retention
        + ", maxAgeSeconds=" + maxAgeSeconds
        + "}";
  }
}
