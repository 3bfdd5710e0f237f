package io.tributary.operator.autoscale;

import static org.assertj.core.api.Assertions.assertThat;

import io.tributary.operator.model.ScalingPolicy;
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

  /**
   * Issue #11 §1.15: one of one worker pods killed. 500 records/s arrive, a ready pod processes
   * 800/s, so the lone replica keeps up with room to spare; the killed pod is back (ready) 25 s
   * later and a new pod needs 40 s to become ready (a JVM start on a busy node). The lag that
   * builds during the restart crosses {@code lagThreshold} many times over; before the fix the
   * floor took the Worker 1 -> 5 -> 6 on it, into pods that could not help before the restarted
   * one had drained the backlog anyway. Now the count stays 1 and the backlog drains.
   */
  @Test
  void aPodRestartDoesNotScaleUp() {
    ScalingPolicy policy = ScalingPolicy.defaults(); // lagThreshold 1000, catchUpSeconds 60
    ScalerMemory memory = new ScalerMemory(T0);
    Pods pods = new Pods(6, 500, 800, 40);
    pods.scaleTo(1, T0.minusSeconds(600)); // long running
    List<Integer> replicas = new ArrayList<>();
    List<String> reasons = new ArrayList<>();
    long peak = 0;
    Instant drained = null;
    for (int step = 0; step < 30; step++) { // five minutes, a poll every 10 s
      Instant now = T0.plusSeconds(10L * step);
      if (step == 3) {
        pods.restartOne(now.plusSeconds(1), 25); // killed just after the poll
      }
      ScalingDecision d = memory.observed(pods.observe(now), pods.ready(now), pods.count(), policy, now);
      pods.scaleTo(d.desiredReplicas(), now);
      replicas.add(pods.count());
      reasons.add(d.reason());
      peak = Math.max(peak, pods.lag);
      if (drained == null && step > 4 && pods.lag == 0) {
        drained = now;
      }
      pods.advance(now, 10);
    }
    assertThat(replicas).as("replicas per poll; reasons: %s", reasons).containsOnly(1);
    assertThat(peak).as("the restart's backlog").isGreaterThan(5 * policy.lagThreshold());
    assertThat(drained).as("backlog drained by the restarted pod").isNotNull()
        .isBefore(T0.plusSeconds(30 + 25 + 60));
  }

  /**
   * Issue #11 §1.15, the scale-up side: a burst scales up once; while the new pods warm up the count
   * is not raised again on the lag that keeps growing meanwhile.
   */
  @Test
  void podsWarmingUpAfterAScaleUpAreNotScaledPast() {
    WorkerAutoscaling spec = new WorkerAutoscaling();
    spec.setMaxReplicas(20);
    ScalingPolicy policy = ScalingPolicy.from(spec);
    ScalerMemory memory = new ScalerMemory(T0);
    Pods pods = new Pods(24, 2000, 800, 40); // 2000/s arrive: one replica falls behind
    pods.scaleTo(1, T0.minusSeconds(600));
    List<Integer> replicas = new ArrayList<>();
    for (int step = 0; step < 12; step++) {
      Instant now = T0.plusSeconds(10L * step);
      ScalingDecision d = memory.observed(pods.observe(now), pods.ready(now), pods.count(), policy, now);
      pods.scaleTo(d.desiredReplicas(), now);
      replicas.add(pods.count());
      pods.advance(now, 10);
    }
    int firstUp = replicas.indexOf(replicas.stream().filter(r -> r > 1).findFirst().orElseThrow());
    // no second step while the first step's pods are still warming up (40 s: four polls)
    assertThat(replicas.subList(firstUp, firstUp + 4)).as("replicas per poll: %s", replicas)
        .containsOnly(replicas.get(firstUp));
  }

  /**
   * The first pod of a new Worker warming up is no restart: a burst that arrives once it is ready
   * is sized as any burst, in one step (with the warm-up taken for a restart, the recovery rule kept
   * one replica while it drained the burst alone, and the sandbox's burst test never scaled).
   */
  @Test
  void aBurstJustAfterTheFirstPodWarmedUpScalesUpInOneStep() {
    WorkerAutoscaling spec = new WorkerAutoscaling();
    spec.setMaxReplicas(6);
    ScalingPolicy policy = ScalingPolicy.from(spec);
    ScalerMemory memory = new ScalerMemory(T0);
    Pods pods = new Pods(6, 0, 2000, 20);
    pods.scaleTo(1, T0); // created now, ready after 20 s
    List<Integer> replicas = new ArrayList<>();
    for (int step = 0; step < 6; step++) {
      Instant now = T0.plusSeconds(10L * step);
      if (step == 3) {
        pods.lag += 60_000; // the burst, 10 s after the pod became ready
        pods.end += 60_000;
      }
      ScalingDecision d = memory.observed(pods.observe(now), pods.ready(now), pods.count(), policy, now);
      pods.scaleTo(d.desiredReplicas(), now);
      replicas.add(pods.count());
      pods.advance(now, 10);
    }
    assertThat(replicas.subList(0, 3)).as("replicas per poll: %s", replicas).containsOnly(1);
    assertThat(replicas.get(3)).as("replicas per poll: %s", replicas).isEqualTo(6);
  }

  /**
   * Pods of one Worker, each ready from an instant on, consuming one topic: {@code perPod}
   * records/s per ready pod (at most one pod per partition), {@code arrival} records/s appended.
   */
  static final class Pods {
    final int partitions;
    final long arrival;
    final long perPod;
    final int warmUpSeconds;
    final List<Instant> readyAt = new ArrayList<>();
    long end = 1_000_000;
    long lag;

    Pods(int partitions, long arrival, long perPod, int warmUpSeconds) {
      this.partitions = partitions;
      this.arrival = arrival;
      this.perPod = perPod;
      this.warmUpSeconds = warmUpSeconds;
    }

    int count() {
      return readyAt.size();
    }

    int ready(Instant now) {
      return (int) readyAt.stream().filter(t -> !t.isAfter(now)).count();
    }

    void scaleTo(int replicas, Instant now) {
      while (readyAt.size() < replicas) {
        readyAt.add(now.plusSeconds(warmUpSeconds));
      }
      while (readyAt.size() > replicas) {
        readyAt.remove(readyAt.size() - 1);
      }
    }

    /** The first pod dies at {@code at} and is ready again {@code seconds} later. */
    void restartOne(Instant at, int seconds) {
      readyAt.set(0, at.plusSeconds(seconds));
    }

    /** {@code seconds} of arrivals and consumption, second by second, from {@code from}. */
    void advance(Instant from, int seconds) {
      for (int s = 0; s < seconds; s++) {
        end += arrival;
        long capacity = Math.min(ready(from.plusSeconds(s)), partitions) * perPod;
        lag = Math.max(0, lag + arrival - capacity);
      }
    }

    LagObservation observe(Instant at) {
      return new LagObservation(at, lag, end, end - lag, partitions, List.of(), 0);
    }
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
