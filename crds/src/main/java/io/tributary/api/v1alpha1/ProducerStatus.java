package io.tributary.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import java.util.Objects;

/**
 * Observed state of a Producer.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonInclude(JsonInclude.Include.NON_NULL)
public class ProducerStatus extends TributaryStatus {

  @JsonPropertyDescription("Pods of the Deployment.")
  private Integer replicas;

  @JsonPropertyDescription("Ready pods.")
  private Integer readyReplicas;

  public Integer getReplicas() {
    return replicas;
  }

  public void setReplicas(Integer replicas) {
    this.replicas = replicas;
  }

  public Integer getReadyReplicas() {
    return readyReplicas;
  }

  public void setReadyReplicas(Integer readyReplicas) {
    this.readyReplicas = readyReplicas;
  }

  @Override
  public boolean equals(Object o) {
    if (this == o) return true;
    if (o == null || getClass() != o.getClass()) return false;
    if (!super.equals(o)) return false;
    ProducerStatus that = (ProducerStatus) o;
    return Objects.equals(replicas, that.replicas)
        && Objects.equals(readyReplicas, that.readyReplicas);
  }

  @Override
  public int hashCode() {
    return Objects.hash(super.hashCode(), replicas, readyReplicas);
  }

  @Override
  public String toString() {
    return "ProducerStatus{"
        + "replicas=" + replicas
        + ", readyReplicas=" + readyReplicas
        + ", " + super.toString()
        + "}";
  }
}
