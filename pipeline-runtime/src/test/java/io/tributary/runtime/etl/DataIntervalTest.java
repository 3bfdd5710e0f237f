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
}
