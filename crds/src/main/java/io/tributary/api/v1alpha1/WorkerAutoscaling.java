package io.tributary.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonFormat;
import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.ValidationRule;
import java.util.Objects;

/**
 * Scale the Worker by its backlog (lag). Present = on; spec.replicas is then ignored.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonInclude(JsonInclude.Include.NON_NULL)
@ValidationRule(
    value = "!has(self.minReplicas) || !has(self.maxReplicas) || self.minReplicas <= self.maxReplicas",
    message = "autoscaling: minReplicas must not exceed maxReplicas")
public class WorkerAutoscaling {

  @JsonPropertyDescription("builtin (the operator scales) or keda (the operator emits a KEDA ScaledObject). Default: builtin.")
  @JsonFormat(with = JsonFormat.Feature.READ_UNKNOWN_ENUM_VALUES_AS_NULL)
  @Default("builtin")
  private AutoscalingEngine engine = AutoscalingEngine.BUILTIN;

  @JsonPropertyDescription("Fewest replicas; 0 scales to zero when idle. Default: 1.")
  @Min(0)
  @Default("1")
  private Integer minReplicas = 1;

  @JsonPropertyDescription("Most replicas. Default: 10.")
  @Min(1)
  @Default("10")
  private Integer maxReplicas = 10;

  @JsonPropertyDescription("Target lag per replica (as KEDA's lagThreshold): at least ceil(lag / lagThreshold) replicas. Default: 1000.")
  @Min(1)
  @Default("1000")
  private Long lagThreshold = 1000L;

  @JsonPropertyDescription("With minReplicas 0: lag above which the Worker wakes from zero. Default: 0.")
  @Min(0)
  @Default("0")
  private Long activationLag = 0L;

  @JsonPropertyDescription("Replicas are sized to drain the backlog within this many seconds at the measured per-replica rate. Default: 60.")
  @Min(1)
  @Default("60")
  private Integer catchUpSeconds = 60;

  @JsonPropertyDescription("Share of the measured per-replica capacity to plan with, 0 < x <= 1. Default: 0.8.")
  @Min(value = 0, inclusive = false)
  @Max(1)
  @Default("0.8")
  private Double targetUtilization = 0.8;

  @JsonPropertyDescription("Scale down only to the highest recommendation of this window. Default: 300.")
  @Min(0)
  @Default("300")
  private Integer scaleDownStabilizationSeconds = 300;

  @JsonPropertyDescription("With minReplicas 0: seconds without lag before scaling to zero. Default: 300.")
  @Min(0)
  @Default("300")
  private Integer cooldownSeconds = 300;

  @JsonPropertyDescription("Seconds between lag observations. Default: 10.")
  @Min(1)
  @Default("10")
  private Integer pollIntervalSeconds = 10;

  @JsonPropertyDescription("Allow more replicas than partitions (the extra ones idle). Default: false.")
  @Default("false")
  private Boolean allowIdleConsumers = false;

  @JsonPropertyDescription("earliest or latest: how a partition without a committed offset counts (the whole retained backlog, or nothing). Default: earliest.")
  @JsonFormat(with = JsonFormat.Feature.READ_UNKNOWN_ENUM_VALUES_AS_NULL)
  @Default("earliest")
  private OffsetResetPolicy offsetResetPolicy = OffsetResetPolicy.EARLIEST;

  public AutoscalingEngine getEngine() {
    return engine;
  }

  public void setEngine(AutoscalingEngine engine) {
    this.engine = engine;
  }

  public Integer getMinReplicas() {
    return minReplicas;
  }

  public void setMinReplicas(Integer minReplicas) {
    this.minReplicas = minReplicas;
  }

  public Integer getMaxReplicas() {
    return maxReplicas;
  }

  public void setMaxReplicas(Integer maxReplicas) {
    this.maxReplicas = maxReplicas;
  }

  public Long getLagThreshold() {
    return lagThreshold;
  }

  public void setLagThreshold(Long lagThreshold) {
    this.lagThreshold = lagThreshold;
  }

  public Long getActivationLag() {
    return activationLag;
  }

  public void setActivationLag(Long activationLag) {
    this.activationLag = activationLag;
  }

  public Integer getCatchUpSeconds() {
    return catchUpSeconds;
  }

  public void setCatchUpSeconds(Integer catchUpSeconds) {
    this.catchUpSeconds = catchUpSeconds;
  }

  public Double getTargetUtilization() {
    return targetUtilization;
  }

  public void setTargetUtilization(Double targetUtilization) {
    this.targetUtilization = targetUtilization;
  }

  public Integer getScaleDownStabilizationSeconds() {
    return scaleDownStabilizationSeconds;
  }

  public void setScaleDownStabilizationSeconds(Integer scaleDownStabilizationSeconds) {
    this.scaleDownStabilizationSeconds = scaleDownStabilizationSeconds;
  }

  public Integer getCooldownSeconds() {
    return cooldownSeconds;
  }

  public void setCooldownSeconds(Integer cooldownSeconds) {
    this.cooldownSeconds = cooldownSeconds;
  }

  public Integer getPollIntervalSeconds() {
    return pollIntervalSeconds;
  }

  public void setPollIntervalSeconds(Integer pollIntervalSeconds) {
    this.pollIntervalSeconds = pollIntervalSeconds;
  }

  public Boolean getAllowIdleConsumers() {
    return allowIdleConsumers;
  }

  public void setAllowIdleConsumers(Boolean allowIdleConsumers) {
    this.allowIdleConsumers = allowIdleConsumers;
  }

  public OffsetResetPolicy getOffsetResetPolicy() {
    return offsetResetPolicy;
  }

  public void setOffsetResetPolicy(OffsetResetPolicy offsetResetPolicy) {
    this.offsetResetPolicy = offsetResetPolicy;
  }

  @Override
  public boolean equals(Object o) {
    if (this == o) return true;
    if (o == null || getClass() != o.getClass()) return false;
    WorkerAutoscaling that = (WorkerAutoscaling) o;
    return Objects.equals(engine, that.engine)
        && Objects.equals(minReplicas, that.minReplicas)
        && Objects.equals(maxReplicas, that.maxReplicas)
        && Objects.equals(lagThreshold, that.lagThreshold)
        && Objects.equals(activationLag, that.activationLag)
        && Objects.equals(catchUpSeconds, that.catchUpSeconds)
        && Objects.equals(targetUtilization, that.targetUtilization)
        && Objects.equals(scaleDownStabilizationSeconds, that.scaleDownStabilizationSeconds)
        && Objects.equals(cooldownSeconds, that.cooldownSeconds)
        && Objects.equals(pollIntervalSeconds, that.pollIntervalSeconds)
        && Objects.equals(allowIdleConsumers, that.allowIdleConsumers)
        && Objects.equals(offsetResetPolicy, that.offsetResetPolicy);
  }

  @Override
  public int hashCode() {
    return Objects.hash(engine, minReplicas, maxReplicas, lagThreshold, activationLag, catchUpSeconds, targetUtilization, scaleDownStabilizationSeconds, cooldownSeconds, pollIntervalSeconds, allowIdleConsumers, offsetResetPolicy);
  }

  @Override
  public String toString() {
    return "WorkerAutoscaling{"
        + "engine=" + engine
        + ", minReplicas=" + minReplicas
        + ", maxReplicas=" + maxReplicas
        + ", lagThreshold=" + lagThreshold
        + ", activationLag=" + activationLag
        + ", catchUpSeconds=" + catchUpSeconds
        + ", targetUtilization=" + targetUtilization
        + ", scaleDownStabilizationSeconds=" + scaleDownStabilizationSeconds
        + ", cooldownSeconds=" + cooldownSeconds
        + ", pollIntervalSeconds=" + pollIntervalSeconds
        + ", allowIdleConsumers=" + allowIdleConsumers
        + ", offsetResetPolicy=" + offsetResetPolicy
        + "}";
  }
}
