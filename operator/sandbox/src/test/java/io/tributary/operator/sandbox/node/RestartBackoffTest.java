package io.tributary.operator.sandbox.node;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class RestartBackoffTest {
  private final RestartBackoff backoff = RestartBackoff.standard();

  @Test
  void doublesFromOneSecondUpToTheTenSecondCap() {
    assertThat(java.util.stream.IntStream.rangeClosed(1, 6).mapToObj(backoff::delay).map(Duration::toSeconds))
        .containsExactly(1L, 2L, 4L, 8L, 10L, 10L);
    assertThat(backoff.delay(1000)).isEqualTo(Duration.ofSeconds(10));
  }

  @Test
  void aLongRunResetsTheSequence() {
    assertThat(backoff.ranLongEnough(Duration.ofSeconds(10))).isTrue();
    assertThat(backoff.ranLongEnough(Duration.ofSeconds(9))).isFalse();
  }
}
