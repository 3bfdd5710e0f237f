package io.tributary.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import io.fabric8.kubernetes.model.annotation.SpecReplicas;
import java.util.Objects;

/**
 * A Producer writes records from a source into a topic of its Pipeline.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonInclude(JsonInclude.Include.NON_NULL)
public class ProducerSpec {

  @JsonPropertyDescription("Name of the Pipeline in the same namespace.")
  @Required
  @Pattern(ApiPatterns.DNS_LABEL)
  @Size(min = 1, max = 63)
  private String pipeline;

  @JsonPropertyDescription("Topic to write to; must be declared in the Pipeline.")
  @Required
  @Pattern(ApiPatterns.KAFKA_TOPIC)
  private String topic;

  @JsonPropertyDescription("Number of pods (the scale subresource points here: kubectl scale, HPA). Default: 1.")
  @SpecReplicas
  @Min(0)
  @Default("1")
  private Integer replicas = 1;

  @JsonPropertyDescription("Where records come from: exactly one of marketData, payments, calls, http.")
  @Required
  private ProducerSource source;

  @JsonPropertyDescription("Record field used as the Kafka key. Default per source: symbol, payment_id, call_id; http: none (round robin).")
  @Size(min = 1)
  private String key;

  @JsonPropertyDescription("Pod settings.")
  private WorkloadTemplate template;

  public String getPipeline() {
    return pipeline;
  }

  public void setPipeline(String pipeline) {
    this.pipeline = pipeline;
  }

  public String getTopic() {
    return topic;
  }

  public void setTopic(String topic) {
    this.topic = topic;
  }

  public Integer getReplicas() {
    return replicas;
  }

  public void setReplicas(Integer replicas) {
    this.replicas = replicas;
  }

  public ProducerSource getSource() {
    return source;
  }

  public void setSource(ProducerSource source) {
    this.source = source;
  }

  public String getKey() {
    return key;
  }

  public void setKey(String key) {
    this.key = key;
  }

  public WorkloadTemplate getTemplate() {
    return template;
  }

  public void setTemplate(WorkloadTemplate template) {
    this.template = template;
  }

  @Override
  public boolean equals(Object o) {
    if (this == o) return true;
    if (o == null || getClass() != o.getClass()) return false;
    ProducerSpec that = (ProducerSpec) o;
    return Objects.equals(pipeline, that.pipeline)
        && Objects.equals(topic, that.topic)
        && Objects.equals(replicas, that.replicas)
        && Objects.equals(source, that.source)
        && Objects.equals(key, that.key)
        && Objects.equals(template, that.template);
  }

  @Override
  public int hashCode() {
    return Objects.hash(pipeline, topic, replicas, source, key, template);
  }

  @Override
  public String toString() {
    return "ProducerSpec{"
        + "pipeline=" + pipeline
        + ", topic=" + topic
        + ", replicas=" + replicas
        + ", source=" + source
        + ", key=" + key
        + ", template=" + template
        + "}";
  }
}
