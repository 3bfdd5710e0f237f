package io.tributary.operator.sandbox.node;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

class CronScheduleTest {

  @ParameterizedTest(name = "{0} after {1} -> {2}")
  @CsvSource(delimiter = '|', value = {
      "*/15 * * * *      | 2026-03-10T10:07:00Z | 2026-03-10T10:15:00Z",
      "*/15 * * * *      | 2026-03-10T10:45:00Z | 2026-03-10T11:00:00Z",
      "0 2 * * *         | 2026-03-10T02:00:00Z | 2026-03-11T02:00:00Z",
      "30 9 * * MON-FRI  | 2026-03-13T10:00:00Z | 2026-03-16T09:30:00Z",
      "0 0 1 JAN *       | 2026-03-10T00:00:00Z | 2027-01-01T00:00:00Z",
      "0 0 * * 7         | 2026-03-10T00:00:00Z | 2026-03-15T00:00:00Z",
      "5-10/5 * * * *    | 2026-03-10T10:06:00Z | 2026-03-10T10:10:00Z",
      "0 0 13 * FRI      | 2026-03-13T01:00:00Z | 2026-03-20T00:00:00Z",
      "0 0 31 * *        | 2026-04-01T00:00:00Z | 2026-05-31T00:00:00Z",
      "@hourly           | 2026-03-10T10:59:59Z | 2026-03-10T11:00:00Z",
      "@daily            | 2026-12-31T23:00:00Z | 2027-01-01T00:00:00Z",
  })
  void nextFireTime(String expression, String after, String expected) {
    ZonedDateTime next = CronSchedule.parse(expression.trim()).next(Instant.parse(after).atZone(ZoneOffset.UTC));
    assertThat(next.toInstant()).isEqualTo(Instant.parse(expected));
  }

  @Test
  void evaluatesInTheGivenTimeZone() {
    ZonedDateTime next = CronSchedule.parse("0 9 * * *")
        .next(Instant.parse("2026-07-01T00:00:00Z").atZone(ZoneId.of("Europe/Berlin")));
    assertThat(next.toInstant()).isEqualTo(Instant.parse("2026-07-01T07:00:00Z"));
  }

  @Test
  void lastFireBetweenPicksTheLatestMissedTime() {
    CronSchedule schedule = CronSchedule.parse("*/15 * * * *");
    assertThat(schedule.lastFireBetween(Instant.parse("2026-03-10T10:00:00Z"), Instant.parse("2026-03-10T10:40:00Z"),
        ZoneOffset.UTC)).contains(Instant.parse("2026-03-10T10:30:00Z"));
    assertThat(schedule.lastFireBetween(Instant.parse("2026-03-10T10:30:00Z"), Instant.parse("2026-03-10T10:44:59Z"),
        ZoneOffset.UTC)).isEmpty();
  }

  @Test
  void badExpressionsNameTheFieldAndValue() {
    assertThatThrownBy(() -> CronSchedule.parse("61 * * * *")).hasMessageContaining("minute: 61 is out of range 0-59");
    assertThatThrownBy(() -> CronSchedule.parse("* * * *")).hasMessageContaining("expected 5 fields");
    assertThatThrownBy(() -> CronSchedule.parse("* * * FOO *")).hasMessageContaining("month: \"FOO\" is not a number");
    assertThatThrownBy(() -> CronSchedule.parse("0 0 31 2 *").next(ZonedDateTime.now(ZoneOffset.UTC)))
        .hasMessageContaining("never fires");
  }
}
