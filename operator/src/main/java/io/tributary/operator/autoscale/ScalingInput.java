package io.tributary.operator.autoscale;

import java.time.Instant;
import java.util.List;

/**
 * Everything one decision reads. No I/O happens in the decider; all time comes from {@code now}.
 *
 * @param policy the Worker's autoscaling policy, defaults filled in
 * @param currentReplicas the Deployment's replicas now
 * @param samples recent observations, oldest first (rates are measured from first to last); may be
 *     empty
 * @param observationError the last observation attempt failed with this message (null: it worked)
 * @param history earlier recommendations; only those in the stabilization window matter
 * @param rememberedPerReplicaRate μ measured the last time the workers were busy (null: never), used
 *     when the current window cannot measure it (e.g. lag is zero)
 * @param lagLastSeenAt when a lag above zero was last observed (null: never), for the cooldown
 * @param now the time of the decision
 */
public record ScalingInput(
    ScalingPolicy policy,
    int currentReplicas,
    List<Sample> samples,
    String observationError,
    List<Recommendation> history,
    Double rememberedPerReplicaRate,
    Instant lagLastSeenAt,
    Instant now) {

  public ScalingInput {
    samples = List.copyOf(samples);
    history = List.copyOf(history);
  }
}
