package io.tributary.operator.model;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobBuilder;
import io.tributary.runtime.config.DataIntervalEnv;
import java.time.Instant;
import java.util.Arrays;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class CatchUpPlanTest {
  private static final String HOURLY = "0 * * * *";

  /** {@code HH:MM} on 2026-12-02 UTC. */
  private static Instant at(String time) {
    return Instant.parse("2026-12-02T" + time + ":00Z");
  }

  private static Set<Instant> runs(String times) {
    return times == null || times.isBlank() ? Set.of() : Arrays.stream(times.trim().split(" +")).map(CatchUpPlanTest::at)
        .collect(Collectors.toSet());
  }

  // runs: ends of the periods with a Job (running or finished) or a recentRuns entry; start: the
  // period started now, "-" for none; covered: the new coveredUntil
  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', value = {
      "down 3 periods, maxRuns 2: the 2 latest run oldest first, 1 skipped | 2 | 10:00 | 10:00       | false | 13:30 | 11:00-12:00 | 12:00 | 1 | 1",
      "its run is active: the next one waits (one at a time)                | 2 | 12:00 | 12:00       | true  | 13:30 | -           | 12:00 | 1 | 0",
      "its run finished: the last missed one starts                         | 2 | 12:00 | 12:00       | false | 13:30 | 12:00-13:00 | 13:00 | 0 | 0",
      "restart before the status was written: the same window, nothing twice | 2 | 10:00 | 12:00       | true  | 13:30 | -           | 12:00 | 1 | 1",
      "restart, the Job created then finished: the next period, not the skipped one | 2 | 10:00 | 12:00 | false | 13:30 | 12:00-13:00 | 13:00 | 0 | 1",
      "pruned Jobs: covered periods are not looked at again                 | 2 | 13:00 |             | false | 13:30 | -           | 13:00 | 0 | 0",
      "a failed run counts as a run: not run again                          | 2 | 10:00 | 11:00 12:00 13:00 | false | 13:30 | -     | 13:00 | 0 | 0",
      "Forbid: a run-now Job is active, nothing starts                      | 5 | 10:00 |             | true  | 12:30 | -           | 10:00 | 2 | 0",
      "the latest firing is the CronJob's own for a minute                  | 2 | 12:00 |             | false | 13:00 | -           | 12:00 | 0 | 0",
      "after the minute, a firing the CronJob did not run is missed         | 2 | 12:00 |             | false | 13:01 | 12:00-13:00 | 13:00 | 0 | 0",
      "a missed period between runs is run, the later run stays             | 3 | 10:00 | 11:00 13:00 | false | 13:30 | 11:00-12:00 | 13:00 | 0 | 0",
      "nothing missed                                                       | 2 | 13:00 | 13:00       | false | 13:59 | -           | 13:00 | 0 | 0"})
  void decidesFromTheStatusAndTheRuns(String why, int maxRuns, String coveredUntil, String runs, boolean active,
      String now, String start, String covered, int pending, int skipped) {
    CatchUpPlan.Decision decision =
        CatchUpPlan.next(HOURLY, "UTC", maxRuns, at(coveredUntil), null, runs(runs), active, at(now));
    assertThat(decision.start().map(p -> p.start() + "-" + p.end()).orElse("-"))
        .isEqualTo(start.equals("-") ? "-" : at(start.split("-")[0]) + "-" + at(start.split("-")[1]));
    assertThat(decision.coveredUntil()).isEqualTo(at(covered));
    assertThat(decision.pending()).isEqualTo(pending);
    assertThat(decision.skipped()).isEqualTo(skipped);
  }

  @Test
  void theFirstDecisionStartsAtTheAnchorAndANewScheduleMissedNothing() {
    var decision = CatchUpPlan.next(HOURLY, "UTC", 2, null, at("12:10"), Set.of(), false, at("12:30"));
    assertThat(decision.start()).isEmpty();
    assertThat(decision.coveredUntil()).isEqualTo(at("12:10"));
    // a Job of the 10:00 firing is the latest run: 11:00 and 12:00 are missed
    decision = CatchUpPlan.next(HOURLY, "UTC", 2, null, at("10:00"), Set.of(at("10:00")), false, at("12:30"));
    assertThat(decision.start().orElseThrow()).isEqualTo(new BackfillPlan.Period(at("10:00"), at("11:00")));
    assertThat(decision.pending()).isEqualTo(1);
  }

  @Test
  void aVeryLongOutageSkipsAllButTheLatestMaxRunsWithoutScanningThemAll() {
    var decision = CatchUpPlan.next("* * * * *", "UTC", 2, Instant.parse("2026-01-01T00:00:00Z"), null, Set.of(), false,
        Instant.parse("2026-12-02T12:00:30Z"));
    assertThat(decision.start().orElseThrow())
        .isEqualTo(new BackfillPlan.Period(Instant.parse("2026-12-02T11:57:00Z"), Instant.parse("2026-12-02T11:58:00Z")));
    assertThat(decision.skipped()).isEqualTo(CatchUpPlan.MAX_SCAN);
    assertThat(decision.skippedFrom()).contains(Instant.parse("2026-01-01T00:01:00Z"));
    assertThat(decision.coveredUntil()).isEqualTo(Instant.parse("2026-12-02T11:58:00Z"));
    assertThat(decision.pending()).isEqualTo(1);
  }

  @Test
  void aJobsPeriodComesFromItsIntervalOrFromTheCronJobsName() {
    assertThat(CatchUpPlan.periodEnd(job("r-etl-29936760", null), "r-etl")).contains(Instant.parse("2026-12-02T10:00:00Z"));
    assertThat(CatchUpPlan.periodEnd(job("r-etl-bf-abc123-29936760", "2026-12-02T10:00:00Z"), "r-etl"))
        .contains(Instant.parse("2026-12-02T10:00:00Z"));
    assertThat(CatchUpPlan.periodEnd(job("r-etl-now-0123456789", null), "r-etl")).isEmpty();
    assertThat(CatchUpPlan.periodEnd(job("other-29936760", null), "r-etl")).isEmpty();
  }

  private static Job job(String name, String end) {
    var builder = new JobBuilder().withNewMetadata().withName(name).endMetadata().withNewSpec().withNewTemplate()
        .withNewSpec().addNewContainer().withName("etl").endContainer().endSpec().endTemplate().endSpec();
    Job job = builder.build();
    if (end != null) {
      job.getSpec().getTemplate().getSpec().getContainers().get(0)
          .setEnv(java.util.List.of(new io.fabric8.kubernetes.api.model.EnvVar(DataIntervalEnv.END, end, null)));
    }
    return job;
  }
}
