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
    assertThat(first).first().satisfies(c -> {
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

  /** The API server refuses a conditions list (a list map keyed by type) holding a type twice. */
  @Test
  void theMergedListHoldsEachTypeOnceWhateverTheInputsHold() {
    Condition oldRun = ConditionsHelper.condition("LastRunSucceeded", false, "Failed", "Job a");
    Condition olderRun = ConditionsHelper.condition("LastRunSucceeded", true, "Succeeded", "Job b");
    Condition scaling = ConditionsHelper.condition("ScalingActive", true, "Measured", "lag 10");
    List<Condition> merged = at(T0).merge(List.of(oldRun, scaling, olderRun, scaling), 1L, List.of(
        ConditionsHelper.condition("Ready", true, "Scheduled", "ok"),
        ConditionsHelper.condition("RunNow", true, "Started", "first"),
        ConditionsHelper.condition("RunNow", true, "Started", "second")));
    assertThat(merged).extracting(Condition::getType)
        .containsExactly("Ready", "RunNow", "LastRunSucceeded", "ScalingActive");
    assertThat(merged.get(1).getMessage()).isEqualTo("first");
    assertThat(merged.get(2).getMessage()).isEqualTo("Job a");
  }

  @Test
  void anUnchangedStatusNeedsNoWrite() {
    List<Condition> a = at(T0).merge(null, 1L, List.of(ConditionsHelper.condition("Ready", true, "R", "m")));
    List<Condition> b = at(T0.plusSeconds(5)).merge(a, 1L, List.of(ConditionsHelper.condition("Ready", true, "R", "m")));
    assertThat(ConditionsHelper.changed(a, b)).isFalse();
    List<Condition> c = at(T0.plusSeconds(5)).merge(a, 1L, List.of(ConditionsHelper.condition("Ready", true, "R", "other")));
    assertThat(ConditionsHelper.changed(a, c)).isTrue();
  }

  @Test
  void aTransientReasonIsReconcilingAPermanentOneStalledAndReadyClearsBoth() {
    List<Condition> starting = at(T0).merge(null, 1L,
        List.of(ConditionsHelper.condition("Ready", false, Reasons.PODS_NOT_READY, "0/1 pods ready")));
    assertThat(starting).extracting(Condition::getType).containsExactly("Ready", "Reconciling");
    assertThat(ConditionsHelper.find(starting, "Reconciling")).satisfies(c -> {
      assertThat(c.getStatus()).isEqualTo("True");
      assertThat(c.getReason()).isEqualTo(Reasons.PODS_NOT_READY);
      assertThat(c.getMessage()).isEqualTo("0/1 pods ready");
      assertThat(c.getObservedGeneration()).isEqualTo(1L);
    });

    Condition autoscaler = ConditionsHelper.condition("ScalerHealthy", true, "Measured", "lag 10");
    List<Condition> withOther = new java.util.ArrayList<>(starting);
    withOther.add(autoscaler);
    List<Condition> invalid = at(T0.plusSeconds(10)).merge(withOther, 2L,
        List.of(ConditionsHelper.condition("Ready", false, Reasons.INVALID_CONFIG, "spec.x: bad")));
    assertThat(invalid).extracting(Condition::getType).containsExactly("Ready", "Stalled", "ScalerHealthy");
    assertThat(ConditionsHelper.find(invalid, "Stalled").getReason()).isEqualTo(Reasons.INVALID_CONFIG);

    List<Condition> ready = at(T0.plusSeconds(20)).merge(invalid, 3L,
        List.of(ConditionsHelper.condition("Ready", true, Reasons.AVAILABLE, "1/1 pods ready")));
    assertThat(ready).extracting(Condition::getType).containsExactly("Ready", "ScalerHealthy");
  }

  @Test
  void everyReasonOfTheTableIsClassifiedAndUnknownOnesAreTransient() {
    for (String permanent : List.of(Reasons.OWNERSHIP_CONFLICT, Reasons.CONSUMER_GROUP_CONFLICT,
        Reasons.PIPELINE_NOT_FOUND, Reasons.TOPIC_NOT_DECLARED, Reasons.INVALID_CONFIG, Reasons.INVALID_SCHEDULE,
        Reasons.KAFKA_TOPIC_CRD_MISSING, Reasons.KAFKA_CREDENTIALS_MISSING)) {
      assertThat(Reasons.of(permanent)).as(permanent).isEqualTo(Reasons.Progress.PERMANENT);
    }
    for (String transientReason : List.of(Reasons.PODS_NOT_READY, Reasons.RECONCILE_FAILED,
        Reasons.TOPICS_NOT_READY, Reasons.KAFKA_UNAVAILABLE, "SomethingNew")) {
      assertThat(Reasons.of(transientReason)).as(transientReason).isEqualTo(Reasons.Progress.TRANSIENT);
    }
  }

  @Test
  void writersWithoutReadyKeepTheDerivedConditions() {
    List<Condition> stalled = at(T0).merge(null, 1L,
        List.of(ConditionsHelper.condition("Ready", false, Reasons.PIPELINE_NOT_FOUND, "spec.pipeline: gone")));
    List<Condition> afterAutoscaler = at(T0).merge(stalled, 1L,
        List.of(ConditionsHelper.condition("ScalerHealthy", false, "LagUnavailable", "kafka down")));
    assertThat(afterAutoscaler).extracting(Condition::getType).containsExactly("ScalerHealthy", "Ready", "Stalled");
  }
}
