package io.tributary.runtime.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class DurationsTest {
  @ParameterizedTest
  @CsvSource({
      "200ms, PT0.2S",
      "0s, PT0S",
      "30s, PT30S",
      "5m, PT5M",
      "1h, PT1H",
      "1d, PT24H",
      "7d, PT168H",
      "' 90s ', PT1M30S"})
  void parsesOneNumberAndOneUnit(String text, Duration expected) {
    assertThat(Durations.parse(text)).isEqualTo(expected);
  }

  @ParameterizedTest
  @ValueSource(strings = {"5x", "", "10", "1.5s", "-1s", "1h30m", "s", "5 m", "5M", "PT5S"})
  void refusesAnythingElseNamingTheValue(String text) {
    assertThat(Durations.isValid(text)).isFalse();
    assertThatThrownBy(() -> Durations.parse(text))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("\"" + text + "\" is not a duration (use e.g. 500ms, 30s, 5m, 1h, 1d)");
  }

  @ParameterizedTest
  @CsvSource({"PT0.2S, 200ms", "PT1M30S, 90s", "PT5M, 5m", "PT2H, 2h", "PT48H, 2d", "PT0S, 0s",
      "PT1.5S, 1500ms"})
  void formatsTheShortestSpellingThatParsesBack(Duration duration, String expected) {
    assertThat(Durations.format(duration)).isEqualTo(expected);
    assertThat(Durations.parse(expected)).isEqualTo(duration);
  }
}
