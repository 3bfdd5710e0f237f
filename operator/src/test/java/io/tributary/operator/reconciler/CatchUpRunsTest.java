package io.tributary.operator.reconciler;

import static org.assertj.core.api.Assertions.assertThat;

import io.tributary.api.v1alpha1.EtlCatchUp;
import io.tributary.api.v1alpha1.EtlSchedule;
import io.tributary.operator.testing.Fixtures;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class CatchUpRunsTest {
  /** A firing's grace minute ends without a Job event: the operator comes back then to look. */
  @ParameterizedTest(name = "maxRuns {0}, suspend {1}, at {2}")
  @CsvSource(delimiter = '|', value = {
      "2 | false | 2026-12-02T13:00:20Z | 41",
      "2 | false | 2026-12-02T13:00:00Z | 61",
      "2 | false | 2026-12-02T13:30:00Z | -",
      "0 | false | 2026-12-02T13:00:20Z | -",
      "2 | true  | 2026-12-02T13:00:20Z | -"})
  void looksAgainWhenTheLatestFiringsGraceIsOver(int maxRuns, boolean suspend, String now, String seconds) {
    EtlSchedule schedule = Fixtures.etl("r", "p");
    schedule.getSpec().setSchedule("0 * * * *");
    schedule.getSpec().setSuspend(suspend);
    EtlCatchUp catchUp = new EtlCatchUp();
    catchUp.setMaxRuns(maxRuns);
    schedule.getSpec().setCatchUp(catchUp);
    assertThat(CatchUpRuns.recheck(schedule, Instant.parse(now)).map(Duration::toSeconds).map(String::valueOf).orElse("-"))
        .isEqualTo(seconds);
  }
}
