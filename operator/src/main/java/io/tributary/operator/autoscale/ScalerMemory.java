package io.tributary.operator.autoscale;

import io.tributary.operator.model.ScalingPolicy;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * What the autoscaler remembers about one Worker between polls, and the step that turns a new
 * observation (or a failed one) into a {@link ScalingDecision}. No I/O: the caller brings the
 * observation, the current replicas and the time; {@link WorkerAutoscaler} and the sequence tests
 * drive it the same way.
 *
 * <p>Kept: the last {@value #RATE_WINDOW_SAMPLES} samples (rates are measured across them), the
 * recommendations of the stabilization window, the last measured per-replica rate, when lag was
 * last seen, and when a replica was last seen not ready (the start of a restart's recovery). A (re)started autoscaler assumes lag was just seen and the running count was just
 * recommended: it waits a full cooldown before scaling to zero and a full stabilization window
 * before scaling down. The per-replica rate can be handed over from the Worker's status, so that a
 * restarted operator sizes the next burst as well as the one before.
 */
public final class ScalerMemory {
  /** Samples the rates are measured across (two poll intervals). */
  public static final int RATE_WINDOW_SAMPLES = 3;

  private final List<Sample> samples = new ArrayList<>();
  private List<Recommendation> history = new ArrayList<>();
  private Double rememberedPerReplicaRate;
  private Instant lagLastSeenAt;
  private Instant notReadySeenAt;
  private boolean allReadySeen;
  private boolean seeded;

  public ScalerMemory(Instant startedAt) {
    this(startedAt, null);
  }

  /**
   * @param perReplicaRate the per-replica rate measured before (e.g. {@code status.perReplicaRate}
   *     written by an earlier operator), used until a new one is measured; null for none
   */
  public ScalerMemory(Instant startedAt, Double perReplicaRate) {
    this.lagLastSeenAt = startedAt;
    this.rememberedPerReplicaRate = perReplicaRate != null && perReplicaRate > 0 ? perReplicaRate : null;
  }

  /**
   * A successful observation.
   *
   * @param consuming the replicas that were consuming while it was taken (ready pods: a pod still
   *     starting consumes nothing and would dilute the per-replica rate)
   * @param replicas the Deployment's replicas now
   */
  public synchronized ScalingDecision observed(
      LagObservation observation, int consuming, int replicas, ScalingPolicy policy, Instant now) {
    samples.add(new Sample(observation, consuming));
    while (samples.size() > RATE_WINDOW_SAMPLES) {
      samples.remove(0);
    }
    if (observation.totalLag() > 0) {
      lagLastSeenAt = observation.at();
    }
    int ready = Math.max(0, Math.min(consuming, replicas));
    // A recovery starts when a replica that had been ready is not (a restart, or new replicas
    // beside ready ones); the first pods of a Deployment warming up are no restart, and a burst
    // right after them must be sized as any burst.
    if (ready < replicas && allReadySeen) {
      notReadySeenAt = now;
    }
    if (ready == replicas && replicas > 0) {
      allReadySeen = true;
    }
    return decide(null, replicas, ready, policy, now);
  }

  /** An observation attempt that failed with {@code error}. */
  public synchronized ScalingDecision failed(String error, int replicas, ScalingPolicy policy, Instant now) {
    return decide(error, replicas, replicas, policy, now); // the decider holds; readiness does not matter
  }

  private ScalingDecision decide(String error, int replicas, int ready, ScalingPolicy policy, Instant now) {
    if (!seeded) {
      // as if the running count had just been recommended: no scale-down in the first window
      history.add(new Recommendation(now, replicas));
      seeded = true;
    }
    ScalingDecision decision = ScalingDecider.decide(new ScalingInput(
        policy, replicas, ready, samples, error, history, rememberedPerReplicaRate, lagLastSeenAt, notReadySeenAt, now));
    if (decision.rates().perReplicaPerSecond() != null) {
      rememberedPerReplicaRate = decision.rates().perReplicaPerSecond();
    }
    if (decision.recommendation() != null) {
      history.add(new Recommendation(now, decision.recommendation()));
    }
    history = new ArrayList<>(ScalingDecider.trim(history, policy, now));
    return decision;
  }

  /** The newest sample, if any. */
  public synchronized LagObservation lastObservation() {
    return samples.isEmpty() ? null : samples.get(samples.size() - 1).observation();
  }

  public synchronized Double rememberedPerReplicaRate() {
    return rememberedPerReplicaRate;
  }
}
