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
import java.util.List;
import java.util.Objects;

/**
 * A Worker consumes a topic (or a Redis stream) and applies processors to each record.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonInclude(JsonInclude.Include.NON_NULL)
public class WorkerSpec {

  @JsonPropertyDescription("Name of the Pipeline in the same namespace.")
  @Required
  @Pattern(ApiPatterns.DNS_LABEL)
  @Size(min = 1, max = 63)
  private String pipeline;

  @JsonPropertyDescription("Where records come from: exactly one of topic or redisStream.")
  @Required
  private WorkerInput input;

  @JsonPropertyDescription("Processors applied in order to each record; each item has exactly one key.")
  @Required
  @Size(min = 1, max = 50)
  private List<Processor> processors;

  @JsonPropertyDescription("Retries and dead-lettering. Default: 3 attempts, 200ms..10s backoff, dead letter on.")
  private ErrorPolicy errorPolicy;

  @JsonPropertyDescription("Number of pods when autoscaling is absent (the scale subresource points here). Default: 1.")
  @SpecReplicas
  @Min(0)
  @Default("1")
  private Integer replicas = 1;

  @JsonPropertyDescription("Lag-based autoscaling; absent = fixed replicas.")
  private WorkerAutoscaling autoscaling;

  @JsonPropertyDescription("Pod settings.")
  private WorkloadTemplate template;

  @JsonPropertyDescription("Declarative replay: rewind the consumer group (fromTimestamp, toEarliest or toOffsets)."
      + " The operator stops the Deployment, resets the offsets per partition, and restores the replicas;"
      + " a new id starts one, the same id is never carried out twice. Progress in status.replay.")
  private WorkerReplay replay;

  @JsonPropertyDescription("Declarative redrive: re-publish this Worker's dead-lettered records (optionally filtered"
      + " by errorClass and time) to its input topic with their key, value and headers plus tributary.redrive.id,"
      + " e.g. once the bug that failed them is fixed. A new id starts one; each record is sent at most once per id,"
      + " also across operator restarts, and the same id is never carried out twice. Progress in status.redrive.")
  private WorkerRedrive redrive;

  public WorkerRedrive getRedrive() {
    return redrive;
  }

  public void setRedrive(WorkerRedrive redrive) {
    this.redrive = redrive;
  }

  public WorkerReplay getReplay() {
    return replay;
  }

  public void setReplay(WorkerReplay replay) {
    this.replay = replay;
  }

  public String getPipeline() {
    return pipeline;
  }

  public void setPipeline(String pipeline) {
    this.pipeline = pipeline;
  }

  public WorkerInput getInput() {
    return input;
  }

  public void setInput(WorkerInput input) {
    this.input = input;
  }

  public List<Processor> getProcessors() {
    return processors;
  }

  public void setProcessors(List<Processor> processors) {
    this.processors = processors;
  }

  public ErrorPolicy getErrorPolicy() {
    return errorPolicy;
  }

  public void setErrorPolicy(ErrorPolicy errorPolicy) {
    this.errorPolicy = errorPolicy;
  }

  public Integer getReplicas() {
    return replicas;
  }

  public void setReplicas(Integer replicas) {
    this.replicas = replicas;
  }

  public WorkerAutoscaling getAutoscaling() {
    return autoscaling;
  }

  public void setAutoscaling(WorkerAutoscaling autoscaling) {
    this.autoscaling = autoscaling;
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
    WorkerSpec that = (WorkerSpec) o;
    return Objects.equals(pipeline, that.pipeline)
        && Objects.equals(input, that.input)
        && Objects.equals(processors, that.processors)
        && Objects.equals(errorPolicy, that.errorPolicy)
        && Objects.equals(replicas, that.replicas)
        && Objects.equals(autoscaling, that.autoscaling)
        && Objects.equals(template, that.template)
        && Objects.equals(replay, that.replay)
        && Objects.equals(redrive, that.redrive);
  }

  @Override
  public int hashCode() {
    return Objects.hash(pipeline, input, processors, errorPolicy, replicas, autoscaling, template, replay, redrive);
  }

  @Override
  public String toString() {
    return "WorkerSpec{"
        + "pipeline=" + pipeline
        + ", input=" + input
        + ", processors=" + processors
        + ", errorPolicy=" + errorPolicy
        + ", replicas=" + replicas
        + ", autoscaling=" + autoscaling
        + ", template=" + template
        + ", replay=" + replay
        + ", redrive=" + redrive
        + "}";
  }
}
