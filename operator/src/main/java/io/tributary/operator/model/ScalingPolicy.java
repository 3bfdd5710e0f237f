package io.tributary.operator.model;

import io.tributary.api.v1alpha1.OffsetResetPolicy;
import io.tributary.api.v1alpha1.WorkerAutoscaling;
import java.time.Duration;

/**
 * {@code Worker.spec.autoscaling} with every default filled in (DESIGN §4), the form the decider
 * reads.
 *
 * @param minReplicas fewest replicas; 0 allows scale to zero
 * @param maxReplicas most replicas
 * @param lagThreshold target lag per replica (KEDA's {@code lagThreshold})
 * @param activationLag at zero replicas, the lag above which the Worker wakes
 * @param catchUpSeconds the backlog is planned to be drained within this many seconds
 * @param targetUtilization share of the measured per-replica rate to plan with, in (0, 1]
 * @param scaleDownStabilizationSeconds scale down only to the highest recommendation of this window
 * @param cooldownSeconds with minReplicas 0, seconds without lag before scaling to zero
 * @param pollIntervalSeconds seconds between observations
 * @param allowIdleConsumers allow more replicas than partitions
 * @param offsetResetPolicy how a partition without a committed offset counts
 */
public record ScalingPolicy(
    int minReplicas,
    int maxReplicas,
    long lagThreshold,
    long activationLag,
    int catchUpSeconds,
    double targetUtilization,
    int scaleDownStabilizationSeconds,
    int cooldownSeconds,
    int pollIntervalSeconds,
    boolean allowIdleConsumers,
    OffsetResetPolicy offsetResetPolicy) {

  public ScalingPolicy {
    require(minReplicas >= 0, "minReplicas", minReplicas, "must be >= 0");
    require(maxReplicas >= 1, "maxReplicas", maxReplicas, "must be >= 1");
    require(minReplicas <= maxReplicas, "minReplicas", minReplicas, "must not exceed maxReplicas " + maxReplicas);
    require(lagThreshold >= 1, "lagThreshold", lagThreshold, "must be >= 1");
    require(activationLag >= 0, "activationLag", activationLag, "must be >= 0");
    require(catchUpSeconds >= 1, "catchUpSeconds", catchUpSeconds, "must be >= 1");
    require(targetUtilization > 0 && targetUtilization <= 1, "targetUtilization", targetUtilization, "must be in (0, 1]");
    require(scaleDownStabilizationSeconds >= 0, "scaleDownStabilizationSeconds", scaleDownStabilizationSeconds, "must be >= 0");
    require(cooldownSeconds >= 0, "cooldownSeconds", cooldownSeconds, "must be >= 0");
    require(pollIntervalSeconds >= 1, "pollIntervalSeconds", pollIntervalSeconds, "must be >= 1");
    require(offsetResetPolicy != null, "offsetResetPolicy", null, "must be earliest or latest");
  }

  /** The defaults of the CRD. */
  public static ScalingPolicy defaults() {
    return from(new WorkerAutoscaling());
  }

  /**
   * The policy of a Worker's {@code spec.autoscaling}; null fields take the CRD defaults.
   *
   * @throws IllegalArgumentException naming the field ({@code spec.autoscaling.x}) and the value
   */
  public static ScalingPolicy from(WorkerAutoscaling a) {
    WorkerAutoscaling d = new WorkerAutoscaling();
    return new ScalingPolicy(
        or(a.getMinReplicas(), d.getMinReplicas()),
        or(a.getMaxReplicas(), d.getMaxReplicas()),
        or(a.getLagThreshold(), d.getLagThreshold()),
        or(a.getActivationLag(), d.getActivationLag()),
        or(a.getCatchUpSeconds(), d.getCatchUpSeconds()),
        or(a.getTargetUtilization(), d.getTargetUtilization()),
        or(a.getScaleDownStabilizationSeconds(), d.getScaleDownStabilizationSeconds()),
        or(a.getCooldownSeconds(), d.getCooldownSeconds()),
        or(a.getPollIntervalSeconds(), d.getPollIntervalSeconds()),
        or(a.getAllowIdleConsumers(), d.getAllowIdleConsumers()),
        or(a.getOffsetResetPolicy(), d.getOffsetResetPolicy()));
  }

  public Duration pollInterval() {
    return Duration.ofSeconds(pollIntervalSeconds);
  }

  /** An observation older than this (three poll intervals) is stale: the decider holds. */
  public Duration staleAfter() {
    return Duration.ofSeconds(3L * pollIntervalSeconds);
  }

  private static <T> T or(T value, T fallback) {
    return value != null ? value : fallback;
  }

  private static void require(boolean ok, String field, Object value, String rule) {
    if (!ok) {
      throw new IllegalArgumentException("spec.autoscaling." + field + ": " + rule + " (got " + value + ")");
    }
  }
}
