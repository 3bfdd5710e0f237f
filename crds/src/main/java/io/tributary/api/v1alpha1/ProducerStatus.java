package io.tributary.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.crdv2.generator.v1.SchemaCustomizer;
import io.fabric8.kubernetes.model.annotation.LabelSelector;
import io.fabric8.kubernetes.model.annotation.StatusReplicas;
import io.tributary.api.crdgen.StatusSchema;
import java.util.Objects;

/**
 * Observed state of a Producer.
 */
// conditions: map list keyed by type, described (see StatusSchema)
@SchemaCustomizer(value = StatusSchema.class, input = "")
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonInclude(JsonInclude.Include.NON_NULL)
public class ProducerStatus extends TributaryStatus {

  @JsonPropertyDescription("Pods of the Deployment (the scale subresource reads this).")
  @StatusReplicas
  private Integer replicas;

  @JsonPropertyDescription("Ready pods.")
  private Integer readyReplicas;

  @JsonPropertyDescription("Label selector of the pods, for the scale subresource (HPA).")
  @LabelSelector
  private String selector;

  public Integer getReplicas() {
    return replicas;
  }

  public void setReplicas(Integer replicas) {
    this.replicas = replicas;
  }

  public String getSelector() {
    return selector;
  }

  public void setSelector(String selector) {
    this.selector = selector;
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
        && Objects.equals(readyReplicas, that.readyReplicas)
        && Objects.equals(selector, that.selector);
  }

  @Override
  public int hashCode() {
    return Objects.hash(super.hashCode(), replicas, readyReplicas, selector);
  }

  @Override
  public String toString() {
    return "ProducerStatus{"
        + "replicas=" + replicas
        + ", readyReplicas=" + readyReplicas
        + ", selector=" + selector
        + ", " + super.toString()
        + "}";
  }
}
