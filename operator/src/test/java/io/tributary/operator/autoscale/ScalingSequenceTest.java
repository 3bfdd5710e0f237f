package io.tributary.operator.autoscale;

import static org.assertj.core.api.Assertions.assertThat;

import io.tributary.api.v1alpha1.WorkerAutoscaling;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Decisions over time: no flapping, one step up, back down after the window. */
class ScalingSequenceTest {
  static final Instant T0 = Instant.parse("2026-11-22T07:00:00Z");

  @Test
  void noisyLagAroundTheThresholdDoesNotFlap() {
    ScalingPolicy policy = ScalingPolicy.defaults(); // lagThreshold 1000, window 300 s
    // 1000 records/s flow and are consumed; the lag wobbles around 3 replicas x 1000 with the
    // timing of commits, then settles at 2500
    long[] noise = {2900, 3100, 2800, 3200, 2950, 3050, 2700, 3300};
    ScalerMemory memory = new ScalerMemory(T0);
    List<Integer> replicas = new ArrayList<>();
    int current = 3;
    long end = 1_000_000;
    int lastNoisyStep = 59;
    for (int step = 0; step < 120; step++) {
      Instant now = T0.plusSeconds(10L * step);
      end += 10_000;
      long lag = step <= lastNoisyStep ? noise[step % noise.length] : 2500;
      ScalingDecision d = memory.observed(new LagObservation(now, lag, end, end - lag, 12, List.of(), 0), current, current, policy, now);
      current = d.desiredReplicas();
      replicas.add(current);
    }
    // up at the first 3100, held through ten minutes of noise, down once 300 s after the last 4
    assertThat(replicas.get(0)).isEqualTo(3);
    assertThat(replicas.subList(1, lastNoisyStep + 1)).containsOnly(4);
    int down = replicas.subList(1, replicas.size()).indexOf(3) + 1;
    assertThat(down).isBetween(lastNoisyStep + 1, lastNoisyStep + 31);
    assertThat(replicas.subList(down, replicas.size())).containsOnly(3);
  }

  @Test
  void aBurstScalesUpWithoutStepsDownAndReturnsAfterTheWindow() {
    WorkerAutoscaling spec = new WorkerAutoscaling();
    spec.setLagThreshold(10_000L);
    spec.setMaxReplicas(12);
    ScalingPolicy policy = ScalingPolicy.from(spec);
    ScalerMemory memory = new ScalerMemory(T0);
    World world = new World(12, 500, 200); // 500 records/s arrive, a replica processes 200/s
    int current = 3;
    List<Integer> replicas = new ArrayList<>();
    List<String> reasons = new ArrayList<>();
    Instant drained = null;
    for (int step = 0; step < 120; step++) { // 20 minutes
      Instant now = T0.plusSeconds(10L * step);
      if (step == 3) {
        world.lag += 120_000; // the burst
        world.end += 120_000;
      }
      world.advance(10, current);
      ScalingDecision d = memory.observed(world.observe(now), current, current, policy, now);
      current = d.desiredReplicas();
      replicas.add(current);
      reasons.add(d.reason());
      if (drained == null && step > 3 && world.lag == 0) {
        drained = now;
      }
    }
    // up at once, never down before the backlog is gone, never back up after: no flapping
    int peak = replicas.indexOf(replicas.stream().max(Integer::compare).orElseThrow());
    for (int i = 1; i <= peak; i++) {
      assertThat(replicas.get(i)).isGreaterThanOrEqualTo(replicas.get(i - 1));
    }
    for (int i = peak + 1; i < replicas.size(); i++) {
      assertThat(replicas.get(i)).isLessThanOrEqualTo(replicas.get(i - 1));
    }
    assertThat(replicas.subList(0, 4)).as("one step from 3 to the peak").containsExactly(3, 3, 3, 12);
    assertThat(drained).as("backlog drained").isNotNull();
    // back to what 500 records/s need at 200/s x 0.8 per replica: ceil(3.125) = 4
    assertThat(replicas.get(replicas.size() - 1)).isEqualTo(4);
    assertThat(reasons.get(reasons.size() - 1))
        .isEqualTo("lag 0 < 4 replicas x 10000; arrival 500/s, per-replica 200/s (remembered), drain in 60s -> 4 (floor 0, rate 4)");
  }

  @Test
  void aRestartedAutoscalerThatReadsThePerReplicaRateFromTheStatusSizesABurstAtOnce() {
    WorkerAutoscaling spec = new WorkerAutoscaling();
    spec.setLagThreshold(100_000L); // the lag floor alone asks for little
    spec.setMaxReplicas(12);
    ScalingPolicy policy = ScalingPolicy.from(spec);
    ScalingDecision remembered = burstAfterRestart(new ScalerMemory(T0, 200.0), policy);
    ScalingDecision forgotten = burstAfterRestart(new ScalerMemory(T0), policy);

    assertThat(remembered.reason()).contains("per-replica 200/s (remembered)");
    assertThat(forgotten.reason()).doesNotContain("per-replica 200/s");
    assertThat(remembered.desiredReplicas())
        .as("sized by arrival, backlog and the remembered capacity, not by the lag floor alone")
        .isGreaterThan(forgotten.desiredReplicas());
  }

  /** Two polls after a (re)start: idle, then 120,000 records more with 500/s arriving. */
  private static ScalingDecision burstAfterRestart(ScalerMemory memory, ScalingPolicy policy) {
    World world = new World(12, 500, 200);
    world.advance(10, 3);
    memory.observed(world.observe(T0), 3, 3, policy, T0);
    world.lag += 120_000;
    world.end += 120_000;
    world.advance(10, 3);
    return memory.observed(world.observe(T0.plusSeconds(10)), 3, 3, policy, T0.plusSeconds(10));
  }

  /** A topic with a steady arrival rate consumed by replicas of a fixed capacity. */
  static final class World {
    final int partitions;
    final long arrivalPerSecond;
    final long perReplicaPerSecond;
    long end = 1_000_000;
    long lag;

    World(int partitions, long arrivalPerSecond, long perReplicaPerSecond) {
      this.partitions = partitions;
      this.arrivalPerSecond = arrivalPerSecond;
      this.perReplicaPerSecond = perReplicaPerSecond;
    }

    void advance(int seconds, int replicas) {
      long arrived = arrivalPerSecond * seconds;
      end += arrived;
      long capacity = Math.min(replicas, partitions) * perReplicaPerSecond * seconds;
      lag = Math.max(0, lag + arrived - capacity);
    }

    LagObservation observe(Instant at) {
      return new LagObservation(at, lag, end, end - lag, partitions, List.of(), 0);
    }
  }
}
