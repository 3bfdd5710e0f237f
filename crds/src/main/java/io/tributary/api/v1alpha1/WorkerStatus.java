package io.tributary.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.crdv2.generator.v1.SchemaCustomizer;
import io.tributary.api.crdgen.StatusSchema;
import io.fabric8.kubernetes.model.annotation.LabelSelector;
import io.fabric8.kubernetes.model.annotation.StatusReplicas;
import java.util.Objects;

/**
 * Observed state of a Worker.
 */
// conditions: map list keyed by type, described; RFC 3339 times as format date-time (see StatusSchema)
@SchemaCustomizer(value = StatusSchema.class, input = "lastScaleTime")
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonInclude(JsonInclude.Include.NON_NULL)
public class WorkerStatus extends TributaryStatus {

  @JsonPropertyDescription("Pods of the Deployment (the scale subresource reads this).")
  @StatusReplicas
  private Integer replicas;

  @JsonPropertyDescription("Ready pods.")
  private Integer readyReplicas;

  @JsonPropertyDescription("Replicas the autoscaler (or spec.replicas) asks for.")
  private Integer desiredReplicas;

  @JsonPropertyDescription("Label selector of the pods, for the scale subresource (HPA, KEDA).")
  @LabelSelector
  private String selector;

  @JsonPropertyDescription("Records not yet processed (Kafka lag, or Redis stream lag plus pending).")
  private Long lag;

  @JsonPropertyDescription("Partitions of the input topic.")
  private Integer partitions;

  @JsonPropertyDescription("When the replicas last changed (RFC 3339).")
  private String lastScaleTime;

  @JsonPropertyDescription("Why, with the numbers (lag, rates, per-replica capacity).")
  private String lastScaleReason;

  @JsonPropertyDescription("Records per second one replica processed, last measured while the replicas were busy:"
      + " the autoscaler's capacity estimate, kept here so that it survives an operator restart.")
  private Double perReplicaRate;

  @JsonPropertyDescription("Progress of spec.replay, and the id of the last replay carried out.")
  private ReplayStatus replay;

  @JsonPropertyDescription("Progress of spec.redrive (matched, sent, skipped, with timestamps), and the id of the"
      + " last redrive carried out.")
  private RedriveStatus redrive;

  @JsonPropertyDescription("This Worker's dead letters not yet redriven (records, oldestTime), counted by the operator.")
  private DeadLetterStatus deadLetters;

  public DeadLetterStatus getDeadLetters() {
    return deadLetters;
  }

  public void setDeadLetters(DeadLetterStatus deadLetters) {
    this.deadLetters = deadLetters;
  }

  public RedriveStatus getRedrive() {
    return redrive;
  }

  public void setRedrive(RedriveStatus redrive) {
    this.redrive = redrive;
  }

  public ReplayStatus getReplay() {
    return replay;
  }

  public void setReplay(ReplayStatus replay) {
    this.replay = replay;
  }

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

  public Integer getDesiredReplicas() {
    return desiredReplicas;
  }

  public void setDesiredReplicas(Integer desiredReplicas) {
    this.desiredReplicas = desiredReplicas;
  }

  public String getSelector() {
    return selector;
  }

  public void setSelector(String selector) {
    this.selector = selector;
  }

  public Long getLag() {
    return lag;
  }

  public void setLag(Long lag) {
    this.lag = lag;
  }

  public Integer getPartitions() {
    return partitions;
  }

  public void setPartitions(Integer partitions) {
    this.partitions = partitions;
  }

  public String getLastScaleTime() {
    return lastScaleTime;
  }

  public void setLastScaleTime(String lastScaleTime) {
    this.lastScaleTime = lastScaleTime;
  }

  public String getLastScaleReason() {
    return lastScaleReason;
  }

  public void setLastScaleReason(String lastScaleReason) {
    this.lastScaleReason = lastScaleReason;
  }

  public Double getPerReplicaRate() {
    return perReplicaRate;
  }

  public void setPerReplicaRate(Double perReplicaRate) {
    this.perReplicaRate = perReplicaRate;
  }

  @Override
  public boolean equals(Object o) {
    if (this == o) return true;
    if (o == null || getClass() != o.getClass()) return false;
    if (!super.equals(o)) return false;
    WorkerStatus that = (WorkerStatus) o;
    return Objects.equals(replicas, that.replicas)
        && Objects.equals(readyReplicas, that.readyReplicas)
        && Objects.equals(desiredReplicas, that.desiredReplicas)
        && Objects.equals(selector, that.selector)
        && Objects.equals(lag, that.lag)
        && Objects.equals(partitions, that.partitions)
        && Objects.equals(lastScaleTime, that.lastScaleTime)
        && Objects.equals(lastScaleReason, that.lastScaleReason)
        && Objects.equals(perReplicaRate, that.perReplicaRate)
        && Objects.equals(replay, that.replay)
        && Objects.equals(redrive, that.redrive)
        && Objects.equals(deadLetters, that.deadLetters);
  }

  @Override
  public int hashCode() {
    return Objects.hash(super.hashCode(), replicas, readyReplicas, desiredReplicas, selector, lag, partitions, lastScaleTime, lastScaleReason, perReplicaRate, replay, redrive, deadLetters);
  }

  @Override
  public String toString() {
    return "WorkerStatus{"
        + "replicas=" + replicas
        + ", readyReplicas=" + readyReplicas
        + ", desiredReplicas=" + desiredReplicas
        + ", selector=" + selector
        + ", lag=" + lag
        + ", partitions=" + partitions
        + ", lastScaleTime=" + lastScaleTime
        + ", lastScaleReason=" + lastScaleReason
        + ", perReplicaRate=" + perReplicaRate
        + ", replay=" + replay
        + ", redrive=" + redrive
        + ", deadLetters=" + deadLetters
        + ", " + super.toString()
        + "}";
  }
}
