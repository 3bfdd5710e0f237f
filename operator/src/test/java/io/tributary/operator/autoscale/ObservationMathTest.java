package io.tributary.operator.autoscale;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tributary.operator.model.ScalingPolicy;
import io.tributary.api.v1alpha1.OffsetResetPolicy;
import io.tributary.api.v1alpha1.WorkerAutoscaling;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

/** Lag per partition, rates between observations, policy defaults and validation. */
class ObservationMathTest {
  static final Instant T0 = Instant.parse("2026-11-22T07:00:00Z");

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', useHeadersInDisplayName = true, textBlock = """
      case                                   | earliest | end  | committed | policy   | counted | lag
      committed                              | 0        | 1000 | 400       | EARLIEST | 400     | 600
      no commit, earliest: retained backlog  | 100      | 1000 |           | EARLIEST | 100     | 900
      no commit, latest: nothing             | 100      | 1000 |           | LATEST   | 1000    | 0
      commit below the log start (retention) | 300      | 1000 | 200       | EARLIEST | 300     | 700
      commit at the end                      | 0        | 1000 | 1000      | LATEST   | 1000    | 0
      empty partition                        | 0        | 0    |           | EARLIEST | 0       | 0
      """)
  void partitionLag(String name, long earliest, long end, Long committed, OffsetResetPolicy policy, long counted, long lag) {
    PartitionLag p = PartitionLag.of(3, earliest, end, committed, policy);

    assertThat(p.countedOffset()).isEqualTo(counted);
    assertThat(p.lag()).isEqualTo(lag);
  }

  @Test
  void aTopicObservationSumsItsPartitions() {
    LagObservation o = LagObservation.ofPartitions(T0, List.of(
        PartitionLag.of(0, 0, 100, 40L, OffsetResetPolicy.EARLIEST),
        PartitionLag.of(1, 10, 50, null, OffsetResetPolicy.EARLIEST)));

    assertThat(o.totalLag()).isEqualTo(60 + 40);
    assertThat(o.endOffsetSum()).isEqualTo(150);
    assertThat(o.committedOffsetSum()).isEqualTo(50);
    assertThat(o.partitionCount()).isEqualTo(2);
  }

  @Test
  void ratesAreMeasuredAcrossTheWindowAndPerReplicaOnlyWhenBusy() {
    Sample a = new Sample(new LagObservation(T0, 50_000, 1_000_000, 950_000, 6, List.of(), 0), 2);
    Sample b = new Sample(new LagObservation(T0.plusSeconds(10), 48_000, 1_010_000, 962_000, 6, List.of(), 0), 2);
    Sample c = new Sample(new LagObservation(T0.plusSeconds(20), 46_000, 1_020_000, 974_000, 6, List.of(), 0), 2);

    Rates rates = RateEstimator.estimate(List.of(a, b, c), 10);

    assertThat(rates.arrivalPerSecond()).isEqualTo(1000.0);
    assertThat(rates.consumptionPerSecond()).isEqualTo(1200.0);
    assertThat(rates.perReplicaPerSecond()).isEqualTo(600.0);
  }

  @Test
  void perReplicaRateOnlyFromSamplesWithTheCurrentCount() {
    Sample a = new Sample(new LagObservation(T0, 50_000, 1_000_000, 950_000, 6, List.of(), 0), 1);
    Sample b = new Sample(new LagObservation(T0.plusSeconds(10), 48_000, 1_010_000, 962_000, 6, List.of(), 0), 3);
    Sample c = new Sample(new LagObservation(T0.plusSeconds(20), 40_000, 1_020_000, 980_000, 6, List.of(), 0), 3);

    Rates rates = RateEstimator.estimate(List.of(a, b, c), 10);

    assertThat(rates.arrivalPerSecond()).isEqualTo(1000.0);
    assertThat(rates.perReplicaPerSecond()).isEqualTo(600.0); // (980000 - 962000) / 10 s / 3
  }

  @Test
  void countersGoingBackwardsLeaveTheRatesUnknown() {
    Sample a = new Sample(new LagObservation(T0, 0, 1_000_000, 1_000_000, 6, List.of(), 0), 2);
    Sample b = new Sample(new LagObservation(T0.plusSeconds(10), 0, 10, 10, 6, List.of(), 0), 2);

    Rates rates = RateEstimator.estimate(List.of(a, b), 10);

    assertThat(rates.arrivalPerSecond()).isNull();
    assertThat(rates.perReplicaUnknownBecause()).isEqualTo("offsets went backwards");
  }

  @Test
  void policyDefaultsAreTheCrdDefaults() {
    assertThat(ScalingPolicy.defaults()).isEqualTo(new ScalingPolicy(1, 10, 1000, 0, 60, 0.8, 300, 300, 10, false,
        OffsetResetPolicy.EARLIEST));
  }

  @Test
  void aBadPolicyNamesTheField() {
    WorkerAutoscaling a = new WorkerAutoscaling();
    a.setMinReplicas(5);
    a.setMaxReplicas(3);
    assertThatThrownBy(() -> ScalingPolicy.from(a))
        .hasMessage("spec.autoscaling.minReplicas: must not exceed maxReplicas 3 (got 5)");
    WorkerAutoscaling u = new WorkerAutoscaling();
    u.setTargetUtilization(1.5);
    assertThatThrownBy(() -> ScalingPolicy.from(u))
        .hasMessage("spec.autoscaling.targetUtilization: must be in (0, 1] (got 1.5)");
  }
}
