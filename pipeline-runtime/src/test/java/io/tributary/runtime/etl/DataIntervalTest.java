package io.tributary.runtime.etl;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class DataIntervalTest {
  private static Optional<DataInterval> read(String start, String end) {
    Map<String, String> env = new HashMap<>();
    env.put(DataInterval.START_ENV, start);
    env.put(DataInterval.END_ENV, end);
    return DataInterval.fromEnv(env::get);
  }

  @ParameterizedTest
  @CsvSource(nullValues = "null", value = {
      "2026-12-02T10:00:00Z, 2026-12-02T11:00:00Z, 2026-12-02T10:00:00Z, 2026-12-02T11:00:00Z",
      "2026-12-02T10:00:00.250Z, 2026-12-03T00:00:00Z, 2026-12-02T10:00:00.250Z, 2026-12-03T00:00:00Z",
      "null, null, null, null",
      "'  ', '', null, null"})
  void readsBothOrNeither(String start, String end, String wantStart, String wantEnd) {
    Optional<DataInterval> interval = read(start, end);
    if (wantStart == null) {
      assertThat(interval).isEmpty();
    } else {
      assertThat(interval).contains(new DataInterval(Instant.parse(wantStart), Instant.parse(wantEnd)));
    }
  }

  @ParameterizedTest
  @CsvSource(nullValues = "null", delimiter = '|', value = {
      "2026-12-02T10:00:00Z | null | TRIBUTARY_DATA_INTERVAL_END is not set while TRIBUTARY_DATA_INTERVAL_START is",
      "null | 2026-12-02T10:00:00Z | TRIBUTARY_DATA_INTERVAL_START is not set while TRIBUTARY_DATA_INTERVAL_END is",
      "yesterday | 2026-12-02T10:00:00Z | TRIBUTARY_DATA_INTERVAL_START \"yesterday\" is not an ISO-8601 instant",
      "2026-12-02T10:00:00Z | 2026-12-02 | TRIBUTARY_DATA_INTERVAL_END \"2026-12-02\" is not an ISO-8601 instant",
      "2026-12-02T10:00:00Z | 2026-12-02T10:00:00Z | is not before TRIBUTARY_DATA_INTERVAL_END"})
  void refusesNamingTheVariable(String start, String end, String message) {
    assertThatThrownBy(() -> read(start, end)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining(message);
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "http://x/api?from={{data_interval_start}}&to={{data_interval_end}} | http://x/api?from=2026-12-02T10:00:00Z&to=2026-12-02T11:00:00Z",
      "http://x/api | http://x/api"})
  void substitutesThePlaceholders(String template, String want) {
    DataInterval interval = new DataInterval(Instant.parse("2026-12-02T10:00:00Z"), Instant.parse("2026-12-02T11:00:00Z"));
    assertThat(DataInterval.substitute(template, Optional.of(interval))).isEqualTo(want);
    assertThat(DataInterval.substitute(template, Optional.empty())).isEqualTo(template);
  }

  private static Optional<DataInterval> scheduled(String schedule, String timeZone, String cronJob, String jobName) {
    Map<String, String> env = new HashMap<>();
    env.put(DataInterval.SCHEDULE_ENV, schedule);
    env.put(DataInterval.TIME_ZONE_ENV, timeZone);
    env.put(DataInterval.CRONJOB_ENV, cronJob);
    env.put(DataInterval.JOB_NAME_ENV, jobName);
    return DataInterval.fromEnv(env::get);
  }

  /** The CronJob controller names a Job {@code <cronjob>-<scheduled unix minutes>}: 29936775 is 2026-12-02T10:15Z. */
  @ParameterizedTest(name = "{0} ({1}) job {3} -> [{4}, {5})")
  @CsvSource(nullValues = "null", delimiter = '|', value = {
      "*/15 * * * *     | null          | rollup-etl | rollup-etl-29936775 | 2026-12-02T10:00:00Z | 2026-12-02T10:15:00Z",
      // Monday 09:30: the period since Friday's run
      "30 9 * * MON-FRI | UTC           | rollup-etl | rollup-etl-29943930 | 2026-12-04T09:30:00Z | 2026-12-07T09:30:00Z",
      // 02:00 in Berlin is 01:00 UTC in winter
      "0 2 * * *        | Europe/Berlin | nightly    | nightly-29936220    | 2026-12-01T01:00:00Z | 2026-12-02T01:00:00Z",
      "@hourly          | null          | a-b-etl    | a-b-etl-29936760    | 2026-12-02T09:00:00Z | 2026-12-02T10:00:00Z",
      // a run-now Job, another CronJob's Job, no Job name, a number too big for a time: no interval
      "*/15 * * * *     | null          | rollup-etl | rollup-etl-now-1234567890 | null | null",
      "*/15 * * * *     | null          | rollup-etl | other-etl-29936775  | null | null",
      "*/15 * * * *     | null          | rollup-etl | null                | null | null",
      "*/15 * * * *     | null          | rollup-etl | rollup-etl-         | null | null",
      "*/15 * * * *     | null          | rollup-etl | rollup-etl-99999999999 | null | null",
      "*/15 * * * *     | null          | rollup-etl | rollup-etl-9999999999  | null | null",
      "null             | null          | rollup-etl | rollup-etl-29936775 | null | null"})
  void aScheduledRunCoversThePeriodThatEndsAtItsScheduledTime(String schedule, String timeZone, String cronJob,
      String jobName, String wantStart, String wantEnd) {
    Optional<DataInterval> interval = scheduled(schedule, timeZone, cronJob, jobName);
    if (wantStart == null) {
      assertThat(interval).isEmpty();
    } else {
      assertThat(interval).contains(new DataInterval(Instant.parse(wantStart), Instant.parse(wantEnd)));
    }
  }

  @org.junit.jupiter.api.Test
  void aGivenIntervalWinsOverTheScheduledOne() {
    Map<String, String> env = new HashMap<>(Map.of(DataInterval.SCHEDULE_ENV, "*/15 * * * *",
        DataInterval.CRONJOB_ENV, "rollup-etl", DataInterval.JOB_NAME_ENV, "rollup-etl-29936775",
        DataInterval.START_ENV, "2026-11-01T00:00:00Z", DataInterval.END_ENV, "2026-11-02T00:00:00Z"));
    assertThat(DataInterval.fromEnv(env::get))
        .contains(new DataInterval(Instant.parse("2026-11-01T00:00:00Z"), Instant.parse("2026-11-02T00:00:00Z")));
  }

  @ParameterizedTest
  @CsvSource(nullValues = "null", delimiter = '|', value = {
      "61 * * * *   | null       | TRIBUTARY_ETL_SCHEDULE: spec.schedule: \"61 * * * *\"",
      "*/15 * * * * | Mars/Olympus | TRIBUTARY_ETL_TIME_ZONE: spec.timeZone: \"Mars/Olympus\""})
  void aBadScheduleOrTimeZoneNamesTheVariable(String schedule, String timeZone, String message) {
    assertThatThrownBy(() -> scheduled(schedule, timeZone, "rollup-etl", "rollup-etl-29936775"))
        .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith(message);
  }
}
