package io.tributary.operator.autoscale;

/**
 * The outcome of one decision.
 *
 * @param desiredReplicas replicas the Deployment should have
 * @param direction what that does to the current count
 * @param reason the rule and the numbers behind it (lag, rates, per-replica capacity); goes to
 *     {@code status.lastScaleReason} and the Event
 * @param recommendation the count before scale-down stabilization, to append to the history; null
 *     on {@link ScalingDirection#HOLD}
 * @param rates the rates measured in this window
 */
public record ScalingDecision(
    int desiredReplicas, ScalingDirection direction, String reason, Integer recommendation, Rates rates) {

  public boolean changes() {
    return direction == ScalingDirection.UP || direction == ScalingDirection.DOWN;
  }
}
