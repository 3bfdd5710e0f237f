package io.tributary.runtime.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class NextScheduleTimeTest {
  /** Sunday 22 November 2026, 06:50:30 UTC. */
  private final Clock clock = Clock.fixed(Instant.parse("2026-11-22T06:50:30Z"), ZoneOffset.UTC);

  private Instant next(String schedule, String timeZone) {
    return NextScheduleTime.after(schedule, timeZone, clock.instant()).orElseThrow();
  }

  @Test
  void stepsInUtc() {
    assertThat(next("*/15 * * * *", "UTC")).isEqualTo("2026-11-22T07:00:00Z");
    assertThat(next("1-30/5 * * * *", "UTC")).isEqualTo("2026-11-22T07:01:00Z");
  }

  @Test
  void theTimeZoneDecidesWhenTheDayStarts() {
    // 03:00 in Berlin is 02:00 UTC in winter; 07:00 UTC has passed it today
    assertThat(next("0 3 * * *", "Europe/Berlin")).isEqualTo("2026-11-23T02:00:00Z");
    assertThat(next("0 3 * * *", "America/New_York")).isEqualTo("2026-11-22T08:00:00Z");
    assertThat(next("0 3 * * *", null)).as("no timeZone: UTC").isEqualTo("2026-11-23T03:00:00Z");
  }

  @Test
  void daylightSavingTimeMovesTheUtcInstant() {
    Instant beforeSummerTime = Instant.parse("2026-03-28T12:00:00Z");
    assertThat(NextScheduleTime.after("0 3 * * *", "Europe/Berlin", beforeSummerTime))
        .as("29 March 2026: clocks go to CEST (UTC+2)").contains(Instant.parse("2026-03-29T01:00:00Z"));
  }

  @Test
  void aRunTimeThatIsNowIsNotNext() {
    Instant exactly = Instant.parse("2026-11-22T07:00:00Z");
    assertThat(NextScheduleTime.after("*/15 * * * *", "UTC", exactly)).contains(Instant.parse("2026-11-22T07:15:00Z"));
  }

  @Test
  void namesMacrosSundaySevenAndQuestionMarks() {
    assertThat(next("0 9 * * MON-FRI", "UTC")).isEqualTo("2026-11-23T09:00:00Z");
    assertThat(next("0 0 1 JAN *", "UTC")).isEqualTo("2027-01-01T00:00:00Z");
    assertThat(next("0 0 * * 7", "UTC")).isEqualTo("2026-11-29T00:00:00Z");
    assertThat(next("0 12 ? * *", "UTC")).isEqualTo("2026-11-22T12:00:00Z");
    assertThat(next("@hourly", "UTC")).isEqualTo("2026-11-22T07:00:00Z");
    assertThat(next("@daily", "UTC")).isEqualTo("2026-11-23T00:00:00Z");
    assertThat(next("@weekly", "UTC")).isEqualTo("2026-11-29T00:00:00Z");
  }

  @Test
  void bothDayFieldsRestrictedMeansEither() {
    // the 13th, or any Friday: Friday 27 November comes before 13 December
    assertThat(next("0 0 13 * 5", "UTC")).isEqualTo("2026-11-27T00:00:00Z");
  }

  @Test
  void aScheduleThatNeverFiresHasNoNextTime() {
    assertThat(NextScheduleTime.after("0 0 31 2 *", "UTC", clock.instant())).isEmpty();
  }

  @Test
  void anUnknownTimeZoneNamesTheFieldAndTheValue() {
    assertThatThrownBy(() -> NextScheduleTime.after("*/15 * * * *", "Mars/Olympus_Mons", clock.instant()))
        .isInstanceOf(NextScheduleTime.InvalidScheduleException.class)
        .hasMessageStartingWith("spec.timeZone: \"Mars/Olympus_Mons\" is not a time zone of the IANA database");
    assertThatThrownBy(() -> NextScheduleTime.validate("*/15 * * * *", "+02:00"))
        .hasMessageStartingWith("spec.timeZone: \"+02:00\"");
  }

  @Test
  void aBadScheduleNamesTheFieldAndTheValue() {
    assertThatThrownBy(() -> NextScheduleTime.validate("61 * * * *", "UTC"))
        .isInstanceOf(NextScheduleTime.InvalidScheduleException.class)
        .hasMessageStartingWith("spec.schedule: \"61 * * * *\" is not a cron schedule");
    assertThatThrownBy(() -> NextScheduleTime.validate("* * *", "UTC"))
        .hasMessageStartingWith("spec.schedule: \"* * *\"");
  }

  @ParameterizedTest(name = "{0} in ({1}, {2}] -> {3}")
  @CsvSource(delimiter = '|', nullValues = "none", value = {
      "*/15 * * * *     | 2026-03-10T10:00:00Z | 2026-03-10T10:40:00Z | 2026-03-10T10:30:00Z",
      "*/15 * * * *     | 2026-03-10T10:30:00Z | 2026-03-10T10:44:59Z | none",
      "*/15 * * * *     | 2026-03-10T10:30:00Z | 2026-03-10T10:45:00Z | 2026-03-10T10:45:00Z",
      "*/15 * * * *     | 2026-03-10T10:45:00Z | 2026-03-10T10:45:00.900Z | none",
      "0 2 * * *        | 2026-03-09T02:00:00Z | 2026-03-12T01:59:00Z | 2026-03-11T02:00:00Z",
      "30 9 * * MON-FRI | 2026-03-13T10:00:00Z | 2026-03-16T09:29:00Z | none",
      "0 0 13 * FRI     | 2026-03-13T01:00:00Z | 2026-03-20T00:00:00Z | 2026-03-20T00:00:00Z",
      "@hourly          | 2026-03-10T10:00:00Z | 2026-03-10T12:30:00Z | 2026-03-10T12:00:00Z",
      "0 0 31 2 *       | 2026-01-01T00:00:00Z | 2026-12-31T00:00:00Z | none",
  })
  void lastBetweenIsTheLatestMissedFiring(String schedule, String since, String until, String expected) {
    assertThat(NextScheduleTime.lastBetween(schedule.trim(), "UTC", Instant.parse(since), Instant.parse(until)))
        .isEqualTo(java.util.Optional.ofNullable(expected).map(Instant::parse));
  }

  @Test
  void lastBetweenReadsTheTimeZoneAndNamesABadSchedule() {
    assertThat(NextScheduleTime.lastBetween("0 9 * * *", "Europe/Berlin",
        Instant.parse("2026-07-01T00:00:00Z"), Instant.parse("2026-07-01T12:00:00Z")))
        .contains(Instant.parse("2026-07-01T07:00:00Z"));
    assertThatThrownBy(() -> NextScheduleTime.lastBetween("61 * * * *", null, Instant.EPOCH, Instant.now()))
        .isInstanceOf(NextScheduleTime.InvalidScheduleException.class)
        .hasMessageStartingWith("spec.schedule: \"61 * * * *\"");
  }

  @ParameterizedTest(name = "{0} before {1} -> {2}")
  @CsvSource(delimiter = '|', nullValues = "none", value = {
      "*/15 * * * *     | 2026-03-10T10:15:00Z     | 2026-03-10T10:00:00Z",
      "*/15 * * * *     | 2026-03-10T10:15:00.001Z | 2026-03-10T10:15:00Z",
      "*/15 * * * *     | 2026-03-10T10:14:59Z     | 2026-03-10T10:00:00Z",
      "30 9 * * MON-FRI | 2026-12-07T09:30:00Z     | 2026-12-04T09:30:00Z",
      "0 0 1 1 *        | 2026-01-01T00:00:00Z     | 2025-01-01T00:00:00Z",
  })
  void lastBeforeIsStrictlyBefore(String schedule, String instant, String expected) {
    assertThat(NextScheduleTime.lastBefore(schedule.trim(), null, Instant.parse(instant)))
        .isEqualTo(java.util.Optional.ofNullable(expected).map(Instant::parse));
  }
}
