package io.tributary.operator.autoscale;

import io.tributary.operator.model.ScalingPolicy;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;

/**
 * The lag autoscaler's decision (DESIGN §4), a pure function of a {@link ScalingInput}.
 *
 * <p>Order of the rules:
 * <ol>
 *   <li><b>No usable metrics</b> (the last observation failed, none yet, or the newest is older than
 *       {@link ScalingPolicy#staleAfter()}): {@link ScalingDirection#HOLD} the current count.
 *   <li><b>At zero replicas</b>: stay at zero while {@code lag <= activationLag}; above it, wake to
 *       the recommendation below (at least 1, since {@code lag >= 1}).
 *   <li><b>Recommendation</b> {@code r = max(floor, target)}:
 *       <ul>
 *         <li>KEDA-compatible floor {@code floor = ceil(lag / lagThreshold)};
 *         <li>rate-aware target, when the per-replica rate μ is known (measured now, else
 *             remembered): {@code target = ceil((λ + lag / catchUpSeconds) / (μ × targetUtilization))}
 *             — enough replicas to absorb the arrivals λ and drain the backlog within
 *             {@code catchUpSeconds}, planning each replica at {@code targetUtilization} of its
 *             capacity. With no lag this is {@code ceil(λ / (μ × targetUtilization))}: steady
 *             high throughput keeps the replicas its arrival rate needs;
 *         <li>μ never measured: the floor alone (KEDA's rule). The stabilization window still
 *             delays a step down; if fewer replicas cannot keep up, the lag that builds makes the
 *             workers busy, which measures μ, and μ is remembered from then on
 *             ({@link ScalerMemory}).
 *       </ul>
 *   <li><b>Recovery</b> after replicas were not ready (a restarted pod, new pods warming up): for
 *       {@code catchUpSeconds} after a not-ready replica was last seen, the backlog that built up
 *       meanwhile is judged by the rate-aware target alone, not by the floor, and a step up is
 *       taken only when the replicas, now ready, cannot drain it within {@code catchUpSeconds} even
 *       at the full per-replica rate they were measured at: a restart is no reason for more
 *       replicas. Without μ (it cannot be measured across a change of the ready count) the count
 *       stays until it is measured.
 *   <li><b>Bounds</b>: {@code min(r, partitions)} unless {@code allowIdleConsumers} (a consumer
 *       beyond the partition count idles), then clamped to {@code [minReplicas, maxReplicas]}. A
 *       result of 0 stands only after {@code cooldownSeconds} without lag, else 1.
 *   <li><b>No scale-up into warm-up or an outage</b>: the count does not go up (beyond
 *       {@code minReplicas}) while some replicas are not ready — pods still starting are warm-up,
 *       not capacity, and a pod failing its readiness check (the runtime's Redis, Kafka and
 *       dead-letter checks) would be joined by new pods failing it too — nor while the rates are
 *       {@link Rates#stalled() stalled}: busy replicas that consumed nothing over the window are
 *       blocked by a failing downstream (Redis down), and more of them would only add load to it
 *       once it is back. Scale-down follows the usual rules.
 *   <li><b>Stabilization</b>: up at once; down to {@code min(current, max(recommendations in the
 *       last scaleDownStabilizationSeconds, including this one))}, so noisy lag around a threshold
 *       does not flap; the step to zero is gated by the cooldown instead (as KEDA's
 *       {@code cooldownPeriod}).
 * </ol>
 */
public final class ScalingDecider {
  /** Absorbs floating-point noise in {@code ceil} (e.g. {@code 800 / (1000 × 0.8)} is 1, not 2). */
  private static final double EPSILON = 1e-9;

  private ScalingDecider() {}

  public static ScalingDecision decide(ScalingInput in) {
    ScalingPolicy p = in.policy();
    int current = in.currentReplicas();
    if (in.observationError() != null) {
      return hold(current, "metrics unavailable (" + in.observationError() + ")");
    }
    if (in.samples().isEmpty()) {
      return hold(current, "no lag observation yet");
    }
    LagObservation last = in.samples().get(in.samples().size() - 1).observation();
    Duration age = Duration.between(last.at(), in.now());
    if (age.compareTo(p.staleAfter()) > 0) {
      return hold(current, "last lag observation " + age.toSeconds() + "s old (stale after "
          + p.staleAfter().toSeconds() + "s)");
    }
    Rates rates = RateEstimator.estimate(in.samples(), p.pollIntervalSeconds());
    long lag = last.totalLag();
    StringBuilder reason = new StringBuilder();
    if (current == 0) {
      if (lag <= p.activationLag()) {
        return new ScalingDecision(0, ScalingDirection.NONE,
            "lag " + lag + " <= activationLag " + p.activationLag() + ": stay at zero", 0, rates);
      }
      reason.append("lag ").append(lag).append(" > activationLag ").append(p.activationLag()).append(" at zero");
    } else {
      long capacity = current * p.lagThreshold();
      String cmp = lag > capacity ? ">" : lag < capacity ? "<" : "=";
      reason.append("lag ").append(lag).append(' ').append(cmp).append(' ').append(current)
          .append(current == 1 ? " replica x " : " replicas x ").append(p.lagThreshold());
    }
    int recommendation = bounded(recommend(in, rates, lag, reason), in, last, lag, reason);
    recommendation = gated(in, rates, recommendation, reason);
    return stabilized(in, recommendation, reason.toString(), rates);
  }

  /** {@code max(floor, target)}, or the floor alone without μ, before bounds; appends its numbers to {@code reason}. */
  private static int recommend(ScalingInput in, Rates rates, long lag, StringBuilder reason) {
    ScalingPolicy p = in.policy();
    long floor = ceilDiv(lag, p.lagThreshold());
    Double arrival = rates.arrivalPerSecond();
    Double mu = rates.perReplicaPerSecond();
    boolean remembered = false;
    if (mu == null && in.rememberedPerReplicaRate() != null && in.rememberedPerReplicaRate() > 0) {
      mu = in.rememberedPerReplicaRate();
      remembered = true;
    }
    Long recoveringFor = recoveringFor(in);
    if (mu != null) {
      double lambda = arrival == null ? 0 : arrival;
      long target = ceil((lambda + (double) lag / p.catchUpSeconds()) / (mu * p.targetUtilization()));
      reason.append("; arrival ").append(arrival == null ? "unknown" : rate(arrival) + "/s")
          .append(", per-replica ").append(rate(mu)).append("/s").append(remembered ? " (remembered)" : "")
          .append(", drain in ").append(p.catchUpSeconds()).append('s');
      if (recoveringFor != null) {
        return recovering(in, mu, lambda, lag, target, floor, recoveringFor, reason);
      }
      long r = Math.max(floor, target);
      reason.append(" -> ").append(r).append(" (floor ").append(floor).append(", rate ").append(target).append(')');
      return saturate(r);
    }
    reason.append("; ");
    if (arrival != null) {
      reason.append("arrival ").append(rate(arrival)).append("/s, ");
    }
    reason.append("per-replica rate unknown (").append(rates.perReplicaUnknownBecause()).append(')');
    if (recoveringFor != null) {
      int current = in.currentReplicas();
      reason.append(", replicas not ready ").append(recoveringFor).append("s ago: keeping ").append(current)
          .append(" until the rate is measured (floor ").append(floor).append(" not applied)");
      return current;
    }
    reason.append(" -> ").append(floor);
    return saturate(floor);
  }

  /**
   * Rule 4 with μ known: the rate target, except that a target above the current count is not taken
   * while the current replicas, at the full rate they were just measured at, drain the backlog
   * within {@code catchUpSeconds}: {@code min(current, partitions) × μ >= λ + lag / catchUpSeconds}.
   * ({@code targetUtilization} is headroom for a steady state; a backlog after a restart is the
   * one time the replicas should run at full speed.)
   */
  private static int recovering(ScalingInput in, double mu, double lambda, long lag, long target, long floor,
      long recoveringFor, StringBuilder reason) {
    ScalingPolicy p = in.policy();
    int current = in.currentReplicas();
    String why = "floor " + floor + " not applied: replicas not ready " + recoveringFor + "s ago)";
    Integer partitions = in.samples().get(in.samples().size() - 1).observation().partitionCount();
    int consumers = partitions == null || partitions == 0 || p.allowIdleConsumers() ? current : Math.min(current, partitions);
    double needed = lambda + (double) lag / p.catchUpSeconds();
    if (target > current && consumers * mu >= needed) {
      reason.append(" -> ").append(current).append(" (rate ").append(target).append(", but ").append(current)
          .append(current == 1 ? " replica" : " replicas").append(" x ").append(rate(mu))
          .append(current == 1 ? "/s covers the " : "/s cover the ")
          .append(rate(needed)).append("/s that drain it in ").append(p.catchUpSeconds()).append("s; ").append(why);
      return current;
    }
    reason.append(" -> ").append(target).append(" (rate ").append(target).append("; ").append(why);
    return saturate(target);
  }

  /**
   * Seconds since a replica was last seen not ready, while that is less than {@code catchUpSeconds}
   * and every replica is ready now (the recovery of rule 4); null otherwise.
   */
  private static Long recoveringFor(ScalingInput in) {
    if (in.notReadySeenAt() == null || in.readyReplicas() < in.currentReplicas() || in.currentReplicas() == 0) {
      return null;
    }
    long since = Duration.between(in.notReadySeenAt(), in.now()).toSeconds();
    return since < in.policy().catchUpSeconds() ? since : null;
  }

  /**
   * Rule 6: no step up (beyond {@code minReplicas}) while replicas are not ready or the group is
   * stalled; appends why to {@code reason}.
   */
  private static int gated(ScalingInput in, Rates rates, int r, StringBuilder reason) {
    int current = in.currentReplicas();
    int allowed = Math.max(current, in.policy().minReplicas());
    if (r <= allowed || current == 0) {
      return r;
    }
    if (rates.stalled()) {
      reason.append("; not scaling up: nothing consumed with lag queued (stalled: is a downstream such as Redis failing?)");
      return allowed;
    }
    if (in.readyReplicas() < current) {
      int notReady = current - in.readyReplicas();
      reason.append("; not scaling up: ").append(notReady).append(" of ").append(current)
          .append(current == 1 ? " replica" : " replicas")
          .append(" not ready (warming up, or failing their readiness check)");
      return allowed;
    }
    return r;
  }

  /** Partition cap, min/max clamp and the cooldown before zero. */
  private static int bounded(int r, ScalingInput in, LagObservation last, long lag, StringBuilder reason) {
    ScalingPolicy p = in.policy();
    Integer partitions = last.partitionCount();
    if (!p.allowIdleConsumers() && partitions != null && partitions > 0 && r > partitions) {
      r = partitions;
      reason.append(", capped at ").append(partitions).append(" partitions");
    }
    if (r > p.maxReplicas()) {
      r = p.maxReplicas();
      reason.append(", limited to maxReplicas ").append(p.maxReplicas());
    }
    if (r < p.minReplicas()) {
      r = p.minReplicas();
      reason.append(", raised to minReplicas ").append(p.minReplicas());
    }
    if (r == 0 && in.currentReplicas() > 0) {
      Instant seen = in.lagLastSeenAt();
      if (seen == null) {
        reason.append(", no lag seen (cooldown ").append(p.cooldownSeconds()).append("s)");
      } else {
        long quiet = Duration.between(seen, in.now()).toSeconds();
        if (quiet < p.cooldownSeconds()) {
          reason.append(", kept at 1: lag seen ").append(quiet).append("s ago, cooldown ")
              .append(p.cooldownSeconds()).append('s');
          return 1;
        }
        reason.append(", no lag for ").append(quiet).append("s (cooldown ").append(p.cooldownSeconds()).append("s)");
      }
    }
    return r;
  }

  private static ScalingDecision stabilized(ScalingInput in, int recommendation, String reason, Rates rates) {
    int current = in.currentReplicas();
    if (recommendation > current) {
      return new ScalingDecision(recommendation, ScalingDirection.UP, reason, recommendation, rates);
    }
    if (recommendation == current) {
      return new ScalingDecision(current, ScalingDirection.NONE, reason, recommendation, rates);
    }
    if (recommendation == 0) {
      return new ScalingDecision(0, ScalingDirection.DOWN, reason, recommendation, rates);
    }
    int window = in.policy().scaleDownStabilizationSeconds();
    Instant since = in.now().minusSeconds(window);
    int highest = recommendation;
    for (Recommendation r : in.history()) {
      if (!r.at().isBefore(since) && !r.at().isAfter(in.now())) {
        highest = Math.max(highest, r.replicas());
      }
    }
    int desired = Math.min(current, highest);
    if (desired == recommendation) {
      return new ScalingDecision(desired, ScalingDirection.DOWN, reason, recommendation, rates);
    }
    String held = desired == current ? "; holding " + current : "; down to " + desired;
    return new ScalingDecision(desired, desired == current ? ScalingDirection.NONE : ScalingDirection.DOWN,
        reason + held + ": highest recommendation in the last " + window + "s", recommendation, rates);
  }

  private static ScalingDecision hold(int current, String why) {
    return new ScalingDecision(current, ScalingDirection.HOLD,
        why + "; holding " + current + (current == 1 ? " replica" : " replicas"), null, Rates.unknown(why));
  }

  /** {@code ceil(a / b)} for non-negative longs. */
  static long ceilDiv(long a, long b) {
    return (a + b - 1) / b;
  }

  /** {@code ceil(x)} tolerant of floating-point noise just above an integer. */
  static long ceil(double x) {
    return (long) Math.ceil(x - EPSILON);
  }

  private static int saturate(long r) {
    return (int) Math.min(Integer.MAX_VALUE, r);
  }

  /** A rate for humans: whole numbers from 10 up, one decimal below. */
  static String rate(double perSecond) {
    if (Math.abs(perSecond) >= 10) {
      return Long.toString(Math.round(perSecond));
    }
    String s = String.format(Locale.ROOT, "%.1f", perSecond);
    return s.endsWith(".0") ? s.substring(0, s.length() - 2) : s;
  }

  /** Recommendations still inside the stabilization window at {@code now} (to bound the history). */
  public static List<Recommendation> trim(List<Recommendation> history, ScalingPolicy policy, Instant now) {
    Instant since = now.minusSeconds(policy.scaleDownStabilizationSeconds());
    return history.stream().filter(r -> !r.at().isBefore(since)).toList();
  }
}
