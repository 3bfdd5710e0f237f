package io.tributary.operator.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tributary.api.v1alpha1.EtlBackfill;
import io.tributary.operator.model.BackfillPlan.JobState;
import io.tributary.operator.model.BackfillPlan.Period;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class BackfillPlanTest {
  private static EtlBackfill request(String from, String to) {
    EtlBackfill request = new EtlBackfill();
    request.setId("nov-rerun");
    request.setFrom(from);
    request.setTo(to);
    return request;
  }

  private static Period period(String start, String end) {
    return new Period(Instant.parse(start), Instant.parse(end));
  }

  @Test
  void theRangeIsCutIntoTheSchedulesWholePeriods() {
    assertThat(BackfillPlan.periods("0 * * * *", "UTC", request("2026-11-01T00:00:00Z", "2026-11-01T03:00:00Z")))
        .containsExactly(period("2026-11-01T00:00:00Z", "2026-11-01T01:00:00Z"),
            period("2026-11-01T01:00:00Z", "2026-11-01T02:00:00Z"),
            period("2026-11-01T02:00:00Z", "2026-11-01T03:00:00Z"));
    // from inside a period: the first period starts at the next firing; to inside one: that one is left out
    assertThat(BackfillPlan.periods("0 * * * *", null, request("2026-11-01T00:30:00Z", "2026-11-01T02:59:00Z")))
        .containsExactly(period("2026-11-01T01:00:00Z", "2026-11-01T02:00:00Z"));
    // weekdays: Friday's period runs to Monday
    assertThat(BackfillPlan.periods("0 9 * * MON-FRI", "UTC", request("2026-11-27T09:00:00Z", "2026-12-01T09:00:00Z")))
        .containsExactly(period("2026-11-27T09:00:00Z", "2026-11-30T09:00:00Z"),
            period("2026-11-30T09:00:00Z", "2026-12-01T09:00:00Z"));
    // days in Berlin: 00:00 local is 23:00 UTC in winter
    assertThat(BackfillPlan.periods("@daily", "Europe/Berlin", request("2026-11-30T23:00:00Z", "2026-12-01T23:00:00Z")))
        .containsExactly(period("2026-11-30T23:00:00Z", "2026-12-01T23:00:00Z"));
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "yesterday            | 2026-11-01T03:00:00Z | spec.backfill.from: \"yesterday\" is not an RFC 3339 time",
      "2026-11-01T00:00:00Z | 2026-11-01           | spec.backfill.to: \"2026-11-01\" is not an RFC 3339 time",
      "2026-11-01T03:00:00Z | 2026-11-01T00:00:00Z | spec.backfill.to: \"2026-11-01T00:00:00Z\" is not after spec.backfill.from",
      "2026-11-01T00:10:00Z | 2026-11-01T00:50:00Z | holds no whole period of \"0 * * * *\"",
      "2026-01-01T00:00:00Z | 2026-12-01T00:00:00Z | holds more than 1000 periods of \"0 * * * *\""})
  void aBadRequestNamesTheFieldAndTheValue(String from, String to, String message) {
    assertThatThrownBy(() -> BackfillPlan.periods("0 * * * *", "UTC", request(from, to)))
        .isInstanceOf(BackfillPlan.InvalidBackfillException.class).hasMessageContaining(message);
  }

  private final List<Period> three = List.of(period("2026-11-01T00:00:00Z", "2026-11-01T01:00:00Z"),
      period("2026-11-01T01:00:00Z", "2026-11-01T02:00:00Z"), period("2026-11-01T02:00:00Z", "2026-11-01T03:00:00Z"));

  @Test
  void oneAtATimeInOrderUntilEveryPeriodRan() {
    Map<Instant, JobState> jobs = new HashMap<>();
    var step = BackfillPlan.next(three, jobs, 1);
    assertThat(step.start()).containsExactly(three.get(0));

    jobs.put(three.get(0).end(), JobState.RUNNING);
    assertThat(BackfillPlan.next(three, jobs, 1).start()).as("the first still runs").isEmpty();

    jobs.put(three.get(0).end(), JobState.SUCCEEDED);
    assertThat(BackfillPlan.next(three, jobs, 1).start()).containsExactly(three.get(1));

    jobs.put(three.get(1).end(), JobState.FAILED);
    jobs.put(three.get(2).end(), JobState.SUCCEEDED);
    step = BackfillPlan.next(three, jobs, 1);
    assertThat(step.start()).isEmpty();
    assertThat(step.finished(3)).isTrue();
    assertThat(step.succeeded()).isEqualTo(2);
    assertThat(step.failed()).isEqualTo(1);
  }

  @Test
  void maxConcurrentBoundsTheRunsInProgress() {
    Map<Instant, JobState> jobs = new HashMap<>();
    var step = BackfillPlan.next(three, jobs, 2);
    assertThat(step.start()).containsExactly(three.get(0), three.get(1));
    assertThat(step.running()).isEqualTo(2);

    jobs.put(three.get(0).end(), JobState.SUCCEEDED);
    jobs.put(three.get(1).end(), JobState.RUNNING);
    assertThat(BackfillPlan.next(three, jobs, 2).start()).containsExactly(three.get(2));
    assertThat(BackfillPlan.next(three, jobs, 2).finished(3)).isFalse();
  }
}
