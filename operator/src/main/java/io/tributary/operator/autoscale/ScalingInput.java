package io.tributary.operator.autoscale;

import io.tributary.operator.model.ScalingPolicy;
import java.time.Instant;
import java.util.List;

/**
 * Everything one decision reads. No I/O happens in the decider; all time comes from {@code now}.
 *
 * @param policy the Worker's autoscaling policy, defaults filled in
 * @param currentReplicas the Deployment's replicas now
 * @param readyReplicas of those, the ready ones now ({@code <= currentReplicas}); the others are
 *     warming up (a new or restarted pod) or failing their readiness check (the runtime reports
 *     Redis, Kafka or dead-letter trouble there): not capacity
 * @param samples recent observations, oldest first (rates are measured from first to last); may be
 *     empty
 * @param observationError the last observation attempt failed with this message (null: it worked)
 * @param history earlier recommendations; only those in the stabilization window matter
 * @param rememberedPerReplicaRate μ measured the last time the workers were busy (null: never), used
 *     when the current window cannot measure it (e.g. lag is zero)
 * @param lagLastSeenAt when a lag above zero was last observed (null: never), for the cooldown
 * @param notReadySeenAt when an observation last found fewer ready replicas than the Deployment
 *     has (null: not since the autoscaler started), for the recovery after a restart or warm-up
 * @param now the time of the decision
 */
public record ScalingInput(
    ScalingPolicy policy,
    int currentReplicas,
    int readyReplicas,
    List<Sample> samples,
    String observationError,
    List<Recommendation> history,
    Double rememberedPerReplicaRate,
    Instant lagLastSeenAt,
    Instant notReadySeenAt,
    Instant now) {

  public ScalingInput {
    if (readyReplicas < 0 || readyReplicas > currentReplicas) {
      throw new IllegalArgumentException("readyReplicas " + readyReplicas + " not in [0, currentReplicas " + currentReplicas + "]");
    }
    samples = List.copyOf(samples);
    history = List.copyOf(history);
  }
}
