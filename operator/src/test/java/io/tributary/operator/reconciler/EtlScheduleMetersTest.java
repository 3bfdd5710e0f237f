package io.tributary.operator.reconciler;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.tributary.operator.reconciler.EtlScheduleMeters.FinishedRun;
import io.tributary.operator.reconciler.EtlScheduleMeters.Observation;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.OptionalDouble;
import org.junit.jupiter.api.Test;

/** What Prometheus reads from the operator about ETL runs, as the scrape text shows it. */
class EtlScheduleMetersTest {
  private static final Instant CREATED = Instant.parse("2026-11-22T08:00:00Z");
  private static final String SERIES = "{component=\"ticks-15m\",namespace=\"shop\",pipeline=\"market-data\"";

  private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
  private final EtlScheduleMeters meters = new EtlScheduleMeters(registry);

  @Test
  void beforeAnyRunTheCountersAreZeroTheLastSuccessIsTheCreationAndTheIntervalIsKnown() {
    meters.observe("shop", "ticks-15m", "market-data", observation(List.of(), Optional.empty(), 900));

    assertThat(registry.scrape())
        .contains("tributary_etl_runs_total" + SERIES + ",result=\"succeeded\"} 0.0")
        .contains("tributary_etl_runs_total" + SERIES + ",result=\"failed\"} 0.0")
        .contains("tributary_etl_last_success_timestamp_seconds" + SERIES + "} " + seconds(CREATED))
        .contains("tributary_etl_schedule_interval_seconds" + SERIES + "} 900.0")
        .doesNotContain("tributary_etl_last_run_succeeded");
  }

  @Test
  void runsFinishedBeforeTheOperatorStartedAreNotCountedButNewOnesAreByResult() {
    FinishedRun old = new FinishedRun("ticks-15m-1", true, CREATED.plusSeconds(60));
    meters.observe("shop", "ticks-15m", "market-data", observation(List.of(old), Optional.empty(), 900));
    assertThat(registry.scrape()).contains("tributary_etl_runs_total" + SERIES + ",result=\"succeeded\"} 0.0");

    FinishedRun failed = new FinishedRun("ticks-15m-2", false, CREATED.plusSeconds(960));
    meters.observe("shop", "ticks-15m", "market-data", observation(List.of(old, failed), Optional.empty(), 900));
    // the same Job seen again is not counted twice
    meters.observe("shop", "ticks-15m", "market-data", observation(List.of(old, failed), Optional.empty(), 900));

    String text = registry.scrape();
    assertThat(text)
        .contains("tributary_etl_runs_total" + SERIES + ",result=\"failed\"} 1.0")
        .contains("tributary_etl_runs_total" + SERIES + ",result=\"succeeded\"} 0.0")
        .contains("tributary_etl_last_run_succeeded" + SERIES + "} 0.0")
        .contains("tributary_etl_last_success_timestamp_seconds" + SERIES + "} " + seconds(CREATED.plusSeconds(60)));

    FinishedRun ok = new FinishedRun("ticks-15m-3", true, CREATED.plusSeconds(1860));
    meters.observe("shop", "ticks-15m", "market-data", observation(List.of(failed, ok), Optional.empty(), 900));
    assertThat(registry.scrape())
        .contains("tributary_etl_runs_total" + SERIES + ",result=\"succeeded\"} 1.0")
        .contains("tributary_etl_last_run_succeeded" + SERIES + "} 1.0")
        .contains("tributary_etl_last_success_timestamp_seconds" + SERIES + "} " + seconds(CREATED.plusSeconds(1860)));
  }

  @Test
  void theCronJobsLastSuccessCountsWhenItIsNewerThanTheRemainingJobs() {
    Instant cronJobSuccess = CREATED.plusSeconds(5000);
    FinishedRun failed = new FinishedRun("ticks-15m-9", false, CREATED.plusSeconds(6000));
    meters.observe("shop", "ticks-15m", "market-data", observation(List.of(failed), Optional.of(cronJobSuccess), 900));

    assertThat(registry.scrape())
        .contains("tributary_etl_last_success_timestamp_seconds" + SERIES + "} " + seconds(cronJobSuccess));
  }

  @Test
  void aSuspendedScheduleHasNoIntervalSoItIsNeverOverdue() {
    meters.observe("shop", "ticks-15m", "market-data", observation(List.of(), Optional.empty(), 900));
    meters.observe("shop", "ticks-15m", "market-data",
        new Observation(List.of(), Optional.empty(), CREATED, OptionalDouble.empty()));

    assertThat(registry.scrape()).doesNotContain("tributary_etl_schedule_interval_seconds");
  }

  @Test
  void aDeletedScheduleAndAMovedOneLeaveNoSeriesBehind() {
    meters.observe("shop", "ticks-15m", "market-data", observation(List.of(), Optional.empty(), 900));
    meters.observe("shop", "ticks-15m", "other-pipeline", observation(List.of(), Optional.empty(), 900));
    assertThat(registry.scrape()).doesNotContain("pipeline=\"market-data\"").contains("pipeline=\"other-pipeline\"");

    meters.forget("shop", "ticks-15m");
    assertThat(registry.scrape()).doesNotContain("tributary_etl_");
  }

  private static Observation observation(List<FinishedRun> runs, Optional<Instant> cronJobSuccess, double interval) {
    return new Observation(runs, cronJobSuccess, CREATED, OptionalDouble.of(interval));
  }

  /** The way the Prometheus text format writes epoch seconds (1.7E9 style). */
  private static String seconds(Instant instant) {
    return String.valueOf((double) instant.getEpochSecond());
  }
}
