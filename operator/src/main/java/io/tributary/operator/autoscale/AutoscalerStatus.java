package io.tributary.operator.autoscale;

/**
 * The fields of {@code Worker.status} the autoscaler owns, and its condition.
 *
 * @param desiredReplicas what the autoscaler asks for
 * @param lag the newest observed lag (null before the first observation)
 * @param partitions partitions of the input topic (null for a Redis stream or before observing)
 * @param lastScaleTime RFC 3339 time of the last change (null before any)
 * @param lastScaleReason the reason of the last change, with its numbers
 * @param healthy condition {@code ScalerHealthy}: whether the lag can be observed
 * @param healthReason the condition's reason ({@code LagObserved} or {@code MetricsUnavailable})
 * @param healthMessage the condition's message (the error, or the newest decision's reason)
 * @param perReplicaRate records/s one replica processed when last measured busy (null before)
 */
public record AutoscalerStatus(
    Integer desiredReplicas, Long lag, Integer partitions, String lastScaleTime, String lastScaleReason,
    boolean healthy, String healthReason, String healthMessage, Double perReplicaRate) {
  public static final String CONDITION = "ScalerHealthy";
}
