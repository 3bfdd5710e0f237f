package io.tributary.operator.autoscale;

import java.time.Duration;
import java.util.List;

/**
 * Arrival and processing rates from successive observations (pure). The rates are measured between
 * the first and the last sample given, so a window of several samples smooths the noise of one
 * interval.
 */
public final class RateEstimator {
  private RateEstimator() {}

  /**
   * The rates over {@code samples} (oldest first).
   *
   * <ul>
   *   <li>arrival rate {@code λ = (endSum_last - endSum_first) / Δt} over the whole window;
   *   <li>consumption rate {@code c = (committedSum_last - committedSum_first) / Δt} over the newest
   *       samples taken with the current replica count (at least two);
   *   <li>per-replica processing rate {@code μ = c / consumers}, {@code consumers =
   *       min(replicas, partitions)} (a consumer beyond the partition count idles) — only when the
   *       workers were busy in those samples: {@code lag > 0} and {@code lag >= c ×
   *       pollIntervalSeconds} in each, i.e. at least a poll interval of work was queued, so no
   *       consumer could run dry. A smaller lag may be records in flight between commits: a rate
   *       that merely follows the arrivals, divided by the replicas, would under-estimate the
   *       capacity and scale up without end.
   * </ul>
   * Fewer than two samples, no time between them, or a counter going backwards (topic recreated,
   * offsets reset) leave the rates unknown. Consuming replicas that were busy in every sample of
   * that window and consumed nothing at all are {@link Rates#stalled() stalled}.
   *
   * @param pollIntervalSeconds the policy's poll interval, the bar for "busy"
   */
  public static Rates estimate(List<Sample> samples, int pollIntervalSeconds) {
    if (samples.size() < 2) {
      return Rates.unknown("one observation so far");
    }
    LagObservation first = samples.get(0).observation();
    LagObservation last = samples.get(samples.size() - 1).observation();
    double seconds = seconds(first, last);
    if (seconds <= 0) {
      return Rates.unknown("no time between observations");
    }
    long appended = last.endOffsetSum() - first.endOffsetSum();
    long consumed = last.committedOffsetSum() - first.committedOffsetSum();
    if (appended < 0 || consumed < 0) {
      return Rates.unknown("offsets went backwards");
    }
    double arrival = appended / seconds;
    int replicas = samples.get(samples.size() - 1).replicas();
    int from = samples.size() - 1;
    while (from > 0 && samples.get(from - 1).replicas() == replicas) {
      from--;
    }
    if (samples.size() - from < 2) {
      return new Rates(arrival, consumed / seconds, null, "replicas changed");
    }
    LagObservation steadyFirst = samples.get(from).observation();
    double steadySeconds = seconds(steadyFirst, last);
    double consumption = (last.committedOffsetSum() - steadyFirst.committedOffsetSum()) / steadySeconds;
    if (replicas == 0) {
      return new Rates(arrival, consumption, null, "no replicas");
    }
    double busyLag = consumption * pollIntervalSeconds;
    for (Sample s : samples.subList(from, samples.size())) {
      long lag = s.observation().totalLag();
      if (lag == 0 || lag < busyLag) {
        return new Rates(arrival, consumption, null, "not busy");
      }
    }
    if (consumption == 0) {
      // busy replicas that commit nothing for a whole window are blocked, not slow
      return new Rates(arrival, consumption, null, "nothing consumed", true);
    }
    Integer partitions = last.partitionCount();
    int consumers = partitions == null || partitions == 0 ? replicas : Math.min(replicas, partitions);
    return new Rates(arrival, consumption, consumption / consumers, null);
  }

  private static double seconds(LagObservation from, LagObservation to) {
    return Duration.between(from.at(), to.at()).toMillis() / 1000.0;
  }
}
