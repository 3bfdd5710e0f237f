package io.tributary.operator.status;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Condition;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;

class ConditionsHelperTest {
  private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

  private static ConditionsHelper at(Instant now) {
    return new ConditionsHelper(Clock.fixed(now, ZoneOffset.UTC));
  }

  @Test
  void keepsTheTransitionTimeWhileTheStatusStaysAndMovesItOnAFlip() {
    List<Condition> first = at(T0).merge(null, 1L,
        List.of(ConditionsHelper.condition("Ready", false, "PodsNotReady", "0/1 pods ready")));
    assertThat(first).singleElement().satisfies(c -> {
      assertThat(c.getLastTransitionTime()).isEqualTo("2026-01-01T00:00:00Z");
      assertThat(c.getObservedGeneration()).isEqualTo(1L);
    });

    List<Condition> same = at(T0.plusSeconds(60)).merge(first, 2L,
        List.of(ConditionsHelper.condition("Ready", false, "PodsNotReady", "0/2 pods ready")));
    assertThat(same.get(0).getLastTransitionTime()).isEqualTo("2026-01-01T00:00:00Z");
    assertThat(same.get(0).getObservedGeneration()).isEqualTo(2L);

    List<Condition> flipped = at(T0.plusSeconds(120)).merge(same, 2L,
        List.of(ConditionsHelper.condition("Ready", true, "Available", "2/2 pods ready")));
    assertThat(flipped.get(0).getLastTransitionTime()).isEqualTo("2026-01-01T00:02:00Z");
  }

  @Test
  void readyComesFirstAndConditionsOfOtherWritersAreKept() {
    Condition autoscaler = ConditionsHelper.condition("ScalingActive", true, "Measured", "lag 10");
    List<Condition> merged = at(T0).merge(List.of(autoscaler), 1L, List.of(
        ConditionsHelper.condition("Monitoring", true, "Applied", "ok"),
        ConditionsHelper.condition("Ready", true, "Available", "ok")));
    assertThat(merged).extracting(Condition::getType).containsExactly("Ready", "Monitoring", "ScalingActive");
  }

  @Test
  void anUnchangedStatusNeedsNoWrite() {
    List<Condition> a = at(T0).merge(null, 1L, List.of(ConditionsHelper.condition("Ready", true, "R", "m")));
    List<Condition> b = at(T0.plusSeconds(5)).merge(a, 1L, List.of(ConditionsHelper.condition("Ready", true, "R", "m")));
    assertThat(ConditionsHelper.changed(a, b)).isFalse();
    List<Condition> c = at(T0.plusSeconds(5)).merge(a, 1L, List.of(ConditionsHelper.condition("Ready", true, "R", "other")));
    assertThat(ConditionsHelper.changed(a, c)).isTrue();
  }
}
