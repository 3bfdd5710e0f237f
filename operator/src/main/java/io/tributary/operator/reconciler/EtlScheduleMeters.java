package io.tributary.operator.reconciler;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The operator's meters for EtlSchedules, tagged {@code namespace}, {@code pipeline} and
 * {@code component} (the EtlSchedule's name). An ETL run is a short-lived pod Prometheus may never
 * scrape, so the outcome of the runs is reported by the long-lived operator (dashboards/README.md):
 * <ul>
 *   <li>{@code tributary_etl_runs_total{result="succeeded"|"failed"}}: finished runs (Jobs) seen
 *       since the operator started, both results registered at 0 so that {@code increase()} sees
 *       the first run of each;
 *   <li>{@code tributary_etl_last_run_succeeded}: 1 when the newest finished run succeeded, 0 when
 *       it failed; absent before the first finished run;
 *   <li>{@code tributary_etl_last_success_timestamp_seconds}: when a run last succeeded, and before
 *       the first success the EtlSchedule's creation time, so that a schedule that never succeeds
 *       still becomes overdue;
 *   <li>{@code tributary_etl_schedule_interval_seconds}: seconds between the schedule's next two
 *       firings; absent while the schedule is suspended (nothing is overdue then).
 * </ul>
 * Runs that finished before the operator (re)started are not counted: the first observation of an
 * EtlSchedule only remembers its finished Jobs. Thread-safe; {@link #forget} removes every meter
 * of a deleted EtlSchedule.
 */
final class EtlScheduleMeters {
  static final String RUNS = "tributary_etl_runs_total";
  static final String LAST_RUN_SUCCEEDED = "tributary_etl_last_run_succeeded";
  static final String LAST_SUCCESS = "tributary_etl_last_success_timestamp_seconds";
  static final String INTERVAL = "tributary_etl_schedule_interval_seconds";
  static final String SUCCEEDED = "succeeded";
  static final String FAILED = "failed";

  /**
   * One finished run.
   *
   * @param job the Job's name
   * @param succeeded whether the Job completed
   * @param finishedAt completion (or failure) time
   */
  record FinishedRun(String job, boolean succeeded, Instant finishedAt) {}

  /**
   * What the reconciler observed of one EtlSchedule.
   *
   * @param finishedRuns the finished Jobs that still exist, any order
   * @param cronJobLastSuccess the CronJob's {@code status.lastSuccessfulTime}, if any
   * @param created the EtlSchedule's creation time
   * @param intervalSeconds seconds between the next two firings; empty when suspended or never firing
   */
  record Observation(List<FinishedRun> finishedRuns, Optional<Instant> cronJobLastSuccess, Instant created,
      OptionalDouble intervalSeconds) {}

  private final MeterRegistry registry;
  private final Map<String, Tracked> tracked = new ConcurrentHashMap<>();

  EtlScheduleMeters(MeterRegistry registry) {
    this.registry = registry;
  }

  /** Updates the meters of {@code namespace/name} (whose Pipeline is {@code pipeline}). */
  void observe(String namespace, String name, String pipeline, Observation observation) {
    String key = namespace + "/" + name;
    Tags tags = Tags.of("namespace", namespace, "pipeline", pipeline == null ? "" : pipeline, "component", name);
    Tracked entry = tracked.compute(key, (k, old) -> {
      if (old != null && old.tags.equals(tags)) {
        return old;
      }
      if (old != null) {
        old.close();
      }
      return new Tracked(tags, observation.finishedRuns());
    });
    entry.update(observation);
  }

  /** Removes the meters of a deleted EtlSchedule. */
  void forget(String namespace, String name) {
    Tracked entry = tracked.remove(namespace + "/" + name);
    if (entry != null) {
      entry.close();
    }
  }

  /** The meters of one EtlSchedule. */
  private final class Tracked {
    private final Tags tags;
    private final Counter succeeded;
    private final Counter failed;
    private final Set<String> countedJobs = new HashSet<>();
    private final List<Meter> gauges = new ArrayList<>();
    private volatile double lastRunSucceeded = Double.NaN;
    private volatile double lastSuccess = Double.NaN;
    private volatile double interval = Double.NaN;

    Tracked(Tags tags, List<FinishedRun> alreadyFinished) {
      this.tags = tags;
      succeeded = counter(SUCCEEDED);
      failed = counter(FAILED);
      alreadyFinished.forEach(run -> countedJobs.add(run.job()));
    }

    private Counter counter(String result) {
      return Counter.builder(RUNS).tags(tags).tag("result", result)
          .description("Finished ETL runs (Jobs) by result, since the operator started").register(registry);
    }

    synchronized void update(Observation observation) {
      Set<String> present = new HashSet<>();
      FinishedRun newest = null;
      Instant lastSucceeded = observation.cronJobLastSuccess().orElse(null);
      for (FinishedRun run : observation.finishedRuns()) {
        present.add(run.job());
        if (countedJobs.add(run.job())) {
          (run.succeeded() ? succeeded : failed).increment();
        }
        if (newest == null || run.finishedAt().isAfter(newest.finishedAt())) {
          newest = run;
        }
        if (run.succeeded() && (lastSucceeded == null || run.finishedAt().isAfter(lastSucceeded))) {
          lastSucceeded = run.finishedAt();
        }
      }
      // Jobs removed by the history limits never come back: keep the set as small as the history
      countedJobs.retainAll(present);
      lastRunSucceeded = newest == null ? Double.NaN : newest.succeeded() ? 1 : 0;
      lastSuccess = epochSeconds(lastSucceeded == null ? observation.created() : lastSucceeded);
      interval = observation.intervalSeconds().orElse(Double.NaN);
      gauge(LAST_RUN_SUCCEEDED, "1 when the newest finished ETL run succeeded, 0 when it failed",
          () -> lastRunSucceeded);
      gauge(LAST_SUCCESS, "When an ETL run last succeeded (before the first success: the EtlSchedule's creation)",
          () -> lastSuccess);
      gauge(INTERVAL, "Seconds between the schedule's next two firings", () -> interval);
    }

    /** Registers the gauge while it has a value, removes it while it has none: absent, not NaN. */
    private void gauge(String name, String description, java.util.function.DoubleSupplier value) {
      Optional<Meter> existing = gauges.stream().filter(g -> g.getId().getName().equals(name)).findFirst();
      if (Double.isNaN(value.getAsDouble())) {
        existing.ifPresent(meter -> {
          registry.remove(meter);
          gauges.remove(meter);
        });
      } else if (existing.isEmpty()) {
        gauges.add(Gauge.builder(name, (java.util.function.Supplier<Number>) value::getAsDouble).tags(tags).description(description).register(registry));
      }
    }

    synchronized void close() {
      registry.remove(succeeded);
      registry.remove(failed);
      gauges.forEach(registry::remove);
      gauges.clear();
    }
  }

  private static double epochSeconds(Instant instant) {
    return instant.getEpochSecond() + instant.getNano() / 1e9;
  }
}
