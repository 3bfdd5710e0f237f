package io.tributary.operator.autoscale;

import static org.assertj.core.api.Assertions.assertThat;

import io.tributary.operator.model.ScalingPolicy;
import io.tributary.api.v1alpha1.WorkerAutoscaling;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The decision table of DESIGN §4. Every row is one decision: the policy (only what differs from
 * the defaults: min 1, max 10, T(lagThreshold) 1000, act(ivationLag) 0, C(atchUpSeconds) 60,
 * u(tilization) 0.8, stab(ilization) 300s, cool(down) 300s, poll 10s), the current replicas
 * ({@code a>b}: a in the older sample, b now), the partitions ({@code -} for a Redis stream), the
 * metrics ({@code ok}: two samples 10 s apart, the newer one now; {@code one}: a single sample;
 * {@code none}; {@code error:msg}; {@code stale:s}: two samples, the newer one s seconds old), the
 * lag in the older and the newer sample, the arrival rate between them (the consumption follows:
 * {@code arrival - Δlag / 10s}), the remembered per-replica rate, seconds since lag was last seen,
 * seconds since a replica was last seen not ready,
 * the earlier recommendations ({@code secondsAgo:replicas}), and the expected outcome.
 */
class ScalingDeciderTest {
  static final Instant NOW = Instant.parse("2026-11-22T07:00:00Z");

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', useHeadersInDisplayName = true, textBlock = """
      case                                     | policy             | replicas | partitions | metrics      | lagBefore | lagNow | arrival | muRemembered | lagSeenAgo | notReadyAgo | history          | desired | direction | reason
      cold start, first look, no commits       |                    | 1        | 6          | one          |           | 50000  |         |              |            |             |                  | 6       | UP        | lag 50000 > 1 replica x 1000; per-replica rate unknown (one observation so far) -> 50, capped at 6 partitions
      ready but nothing consumed: stalled      |                    | 1        | 6          | ok           | 50000     | 50500  | 50      |              |            |             |                  | 1       | NONE      | lag 50500 > 1 replica x 1000; arrival 50/s, per-replica rate unknown (nothing consumed) -> 51, capped at 6 partitions; not scaling up: nothing consumed with lag queued (stalled: is a downstream such as Redis failing?)
      cold start, pod not ready yet            |                    | 1>1/0    | 6          | ok           | 50000     | 50500  | 50      |              |            | 0           |                  | 1       | NONE      | lag 50500 > 1 replica x 1000; arrival 50/s, per-replica rate unknown (replicas changed) -> 51, capped at 6 partitions; not scaling up: 1 of 1 replica not ready (warming up, or failing their readiness check)
      Redis down: no sizing into the outage    |                    | 4        | 12         | ok           | 20000     | 25000  | 500     | 400          |            |             |                  | 4       | NONE      | lag 25000 > 4 replicas x 1000; arrival 500/s, per-replica 400/s (remembered), drain in 60s -> 25 (floor 25, rate 3), capped at 12 partitions, limited to maxReplicas 10; not scaling up: nothing consumed with lag queued (stalled: is a downstream such as Redis failing?)
      Redis down: readiness lost               |                    | 4>4/0    | 12         | ok           | 20000     | 25000  | 500     | 400          |            | 0           |                  | 4       | NONE      | lag 25000 > 4 replicas x 1000; arrival 500/s, per-replica 400/s (remembered), drain in 60s -> 25 (floor 25, rate 3), capped at 12 partitions, limited to maxReplicas 10; not scaling up: 4 of 4 replicas not ready (warming up, or failing their readiness check)
      restart: a not-ready pod is no capacity  |                    | 1>1/0    | 6          | ok           | 0         | 5000   | 500     |              | 0          | 0           |                  | 1       | NONE      | lag 5000 > 1 replica x 1000; arrival 500/s, per-replica rate unknown (replicas changed) -> 5; not scaling up: 1 of 1 replica not ready (warming up, or failing their readiness check)
      restart: ready again, rate not measured  |                    | 0>1      | 6          | ok           | 10000     | 11000  | 500     |              | 0          | 10          |                  | 1       | NONE      | lag 11000 > 1 replica x 1000; arrival 500/s, per-replica rate unknown (replicas changed), replicas not ready 10s ago: keeping 1 until the rate is measured (floor 11 not applied)
      restart: the rate drains the backlog     |                    | 1        | 6          | ok           | 11000     | 8000   | 500     |              | 0          | 20          |                  | 1       | NONE      | lag 8000 > 1 replica x 1000; arrival 500/s, per-replica 800/s, drain in 60s -> 1 (rate 1; floor 8 not applied: replicas not ready 20s ago)
      restart: full rate covers the backlog    |                    | 1        | 6          | ok           | 11800     | 8800   | 500     |              | 0          | 20          |                  | 1       | NONE      | lag 8800 > 1 replica x 1000; arrival 500/s, per-replica 800/s, drain in 60s -> 1 (rate 2, but 1 replica x 800/s covers the 647/s that drain it in 60s; floor 9 not applied: replicas not ready 20s ago)
      restart: too slow, the rate target wins  |                    | 1        | 12         | ok           | 15000     | 14000  | 1000    |              | 0          | 20          |                  | 2       | UP        | lag 14000 > 1 replica x 1000; arrival 1000/s, per-replica 1100/s, drain in 60s -> 2 (rate 2; floor 14 not applied: replicas not ready 20s ago)
      restart: recovery ends after catch-up    |                    | 1        | 6          | ok           | 11000     | 8000   | 500     |              | 0          | 60          |                  | 6       | UP        | lag 8000 > 1 replica x 1000; arrival 500/s, per-replica 800/s, drain in 60s -> 8 (floor 8, rate 1), capped at 6 partitions
      warming up: minReplicas still applies    | min=3              | 2>2/1    | 12         | ok           | 0         | 0      | 0       |              | 500        | 0           |                  | 3       | UP        | lag 0 < 2 replicas x 1000; arrival 0/s, per-replica rate unknown (replicas changed) -> 0, raised to minReplicas 3
      warming up: scale-down as usual          |                    | 4>4/2    | 12         | ok           | 0         | 0      | 0       |              | 500        | 0           |                  | 1       | DOWN      | lag 0 < 4 replicas x 1000; arrival 0/s, per-replica rate unknown (replicas changed) -> 0, raised to minReplicas 1
      lag spike: rate-aware lands in one step  | T=10000            | 2        | 12         | ok           | 20000     | 24000  | 1000    |              |            |             |                  | 6       | UP        | lag 24000 > 2 replicas x 10000; arrival 1000/s, per-replica 300/s, drain in 60s -> 6 (floor 3, rate 6)
      same spike, KEDA floor only              | T=10000            | 2        | 12         | one          |           | 24000  |         |              |            |             |                  | 3       | UP        | lag 24000 > 2 replicas x 10000; per-replica rate unknown (one observation so far) -> 3
      measured rate beats remembered one       | T=10000            | 2        | 12         | ok           | 20000     | 24000  | 1000    | 50           |            |             |                  | 6       | UP        | lag 24000 > 2 replicas x 10000; arrival 1000/s, per-replica 300/s, drain in 60s -> 6 (floor 3, rate 6)
      lower utilization plans more replicas    | T=10000,u=0.5      | 2        | 12         | ok           | 20000     | 24000  | 1000    |              |            |             |                  | 10      | UP        | lag 24000 > 2 replicas x 10000; arrival 1000/s, per-replica 300/s, drain in 60s -> 10 (floor 3, rate 10)
      longer catch-up plans fewer replicas     | T=10000,C=600      | 2        | 12         | ok           | 20000     | 24000  | 1000    |              |            |             |                  | 5       | UP        | lag 24000 > 2 replicas x 10000; arrival 1000/s, per-replica 300/s, drain in 600s -> 5 (floor 3, rate 5)
      KEDA floor wins over the rate target     | T=10000            | 6        | 12         | ok           | 120000    | 90000  | 1000    |              |            |             |                  | 9       | UP        | lag 90000 > 6 replicas x 10000; arrival 1000/s, per-replica 667/s, drain in 60s -> 9 (floor 9, rate 5)
      slow records, rates below 10/s           | T=100              | 1        | 6          | ok           | 500       | 520    | 2.5     |              |            |             |                  | 6       | UP        | lag 520 > 1 replica x 100; arrival 2.5/s, per-replica 0.5/s, drain in 60s -> 28 (floor 6, rate 28), capped at 6 partitions
      steady high throughput, zero lag         |                    | 3        | 12         | ok           | 0         | 0      | 850     | 400          |            |             |                  | 3       | NONE      | lag 0 < 3 replicas x 1000; arrival 850/s, per-replica 400/s (remembered), drain in 60s -> 3 (floor 0, rate 3)
      steady throughput keeps what it needs    |                    | 6        | 12         | ok           | 0         | 0      | 850     | 400          |            |             |                  | 3       | DOWN      | lag 0 < 6 replicas x 1000; arrival 850/s, per-replica 400/s (remembered), drain in 60s -> 3 (floor 0, rate 3)
      steady throughput, capacity unknown      |                    | 4        | 12         | ok           | 0         | 0      | 850     |              |            |             | 200:4            | 4       | NONE      | lag 0 < 4 replicas x 1000; arrival 850/s, per-replica rate unknown (not busy) -> 0, raised to minReplicas 1; holding 4: highest recommendation in the last 300s
      in-flight lag is not busy (no runaway)   |                    | 4        | 12         | ok           | 800       | 900    | 2000    |              |            |             | 30:4             | 4       | NONE      | lag 900 < 4 replicas x 1000; arrival 2000/s, per-replica rate unknown (not busy) -> 1; holding 4: highest recommendation in the last 300s
      exact ceiling, no float noise            |                    | 2        | 12         | ok           | 0         | 0      | 800     | 1000         |            |             |                  | 1       | DOWN      | lag 0 < 2 replicas x 1000; arrival 800/s, per-replica 1000/s (remembered), drain in 60s -> 1 (floor 0, rate 1)
      idle: down to minReplicas                |                    | 4        | 12         | ok           | 0         | 0      | 0       |              | 500        |             |                  | 1       | DOWN      | lag 0 < 4 replicas x 1000; arrival 0/s, per-replica rate unknown (not busy) -> 0, raised to minReplicas 1
      stabilization holds the count            |                    | 4        | 12         | ok           | 0         | 0      | 0       |              | 500        |             | 120:4            | 4       | NONE      | lag 0 < 4 replicas x 1000; arrival 0/s, per-replica rate unknown (not busy) -> 0, raised to minReplicas 1; holding 4: highest recommendation in the last 300s
      stabilization picks the window's max     |                    | 6        | 12         | ok           | 0         | 0      | 0       |              | 500        |             | 250:3 100:4 10:2 | 4       | DOWN      | lag 0 < 6 replicas x 1000; arrival 0/s, per-replica rate unknown (not busy) -> 0, raised to minReplicas 1; down to 4: highest recommendation in the last 300s
      recommendation older than the window     |                    | 6        | 12         | ok           | 0         | 0      | 0       |              | 500        |             | 301:6            | 1       | DOWN      | lag 0 < 6 replicas x 1000; arrival 0/s, per-replica rate unknown (not busy) -> 0, raised to minReplicas 1
      window edge is inside                    |                    | 6        | 12         | ok           | 0         | 0      | 0       |              | 500        |             | 300:5            | 5       | DOWN      | lag 0 < 6 replicas x 1000; arrival 0/s, per-replica rate unknown (not busy) -> 0, raised to minReplicas 1; down to 5: highest recommendation in the last 300s
      no stabilization window                  | stab=0             | 6        | 12         | ok           | 0         | 0      | 0       |              | 500        |             | 10:6             | 1       | DOWN      | lag 0 < 6 replicas x 1000; arrival 0/s, per-replica rate unknown (not busy) -> 0, raised to minReplicas 1
      partition cap                            |                    | 2        | 4          | one          |           | 9000   |         |              |            |             |                  | 4       | UP        | lag 9000 > 2 replicas x 1000; per-replica rate unknown (one observation so far) -> 9, capped at 4 partitions
      allowIdleConsumers lifts the cap         | idle=true          | 2        | 4          | one          |           | 9000   |         |              |            |             |                  | 9       | UP        | lag 9000 > 2 replicas x 1000; per-replica rate unknown (one observation so far) -> 9
      maxReplicas clamp                        | max=5              | 2        | 12         | one          |           | 9000   |         |              |            |             |                  | 5       | UP        | lag 9000 > 2 replicas x 1000; per-replica rate unknown (one observation so far) -> 9, limited to maxReplicas 5
      partition cap, then maxReplicas          | max=5              | 2        | 8          | one          |           | 9000   |         |              |            |             |                  | 5       | UP        | lag 9000 > 2 replicas x 1000; per-replica rate unknown (one observation so far) -> 9, capped at 8 partitions, limited to maxReplicas 5
      minReplicas clamp                        | min=3              | 3        | 12         | ok           | 0         | 0      | 0       |              | 500        |             |                  | 3       | NONE      | lag 0 < 3 replicas x 1000; arrival 0/s, per-replica rate unknown (not busy) -> 0, raised to minReplicas 3
      minReplicas wins over the partition cap  | min=4              | 4        | 2          | one          |           | 9000   |         |              |            |             |                  | 4       | NONE      | lag 9000 > 4 replicas x 1000; per-replica rate unknown (one observation so far) -> 9, capped at 2 partitions, raised to minReplicas 4
      scale to zero after cooldown             | min=0              | 1        | 12         | ok           | 0         | 0      | 0       |              | 400        |             |                  | 0       | DOWN      | lag 0 < 1 replica x 1000; arrival 0/s, per-replica rate unknown (not busy) -> 0, no lag for 400s (cooldown 300s)
      no zero before the cooldown              | min=0              | 1        | 12         | ok           | 0         | 0      | 0       |              | 120        |             |                  | 1       | NONE      | lag 0 < 1 replica x 1000; arrival 0/s, per-replica rate unknown (not busy) -> 0, kept at 1: lag seen 120s ago, cooldown 300s
      cooldown gates zero, not the window      | min=0              | 3        | 12         | ok           | 0         | 0      | 0       |              | 400        |             | 60:3             | 0       | DOWN      | lag 0 < 3 replicas x 1000; arrival 0/s, per-replica rate unknown (not busy) -> 0, no lag for 400s (cooldown 300s)
      zero when lag was never seen             | min=0              | 2        | 12         | ok           | 0         | 0      | 0       |              |            |             |                  | 0       | DOWN      | lag 0 < 2 replicas x 1000; arrival 0/s, per-replica rate unknown (not busy) -> 0, no lag seen (cooldown 300s)
      at zero below activationLag              | min=0,act=100      | 0        | 12         | ok           | 40        | 50     | 1       |              | 10         |             |                  | 0       | NONE      | lag 50 <= activationLag 100: stay at zero
      at zero at activationLag                 | min=0,act=100      | 0        | 12         | ok           | 90        | 100    | 1       |              | 10         |             |                  | 0       | NONE      | lag 100 <= activationLag 100: stay at zero
      wake from zero above activationLag       | min=0,act=100      | 0        | 12         | ok           | 400       | 500    | 10      |              | 10         |             |                  | 1       | UP        | lag 500 > activationLag 100 at zero; arrival 10/s, per-replica rate unknown (no replicas) -> 1
      wake straight to the rate target         | min=0,act=100,T=10000 | 0     | 12         | ok           | 27000     | 30000  | 300     | 200          | 10         |             |                  | 5       | UP        | lag 30000 > activationLag 100 at zero; arrival 300/s, per-replica 200/s (remembered), drain in 60s -> 5 (floor 3, rate 5)
      metrics missing                          |                    | 4        | 12         | none         |           |        |         |              |            |             |                  | 4       | HOLD      | no lag observation yet; holding 4 replicas
      Kafka down                               |                    | 3        | 12         | error:Kafka Admin API: Timed out waiting for a node assignment |  |  |  |      |            |             |                  | 3       | HOLD      | metrics unavailable (Kafka Admin API: Timed out waiting for a node assignment); holding 3 replicas
      metrics stale                            |                    | 2        | 12         | stale:45     | 0         | 90000  | 9000    |              |            |             |                  | 2       | HOLD      | last lag observation 45s old (stale after 30s); holding 2 replicas
      three poll intervals old is still fresh  |                    | 2        | 12         | stale:30     | 0         | 0      | 0       |              | 500        |             |                  | 1       | DOWN      | lag 0 < 2 replicas x 1000; arrival 0/s, per-replica rate unknown (not busy) -> 0, raised to minReplicas 1
      replicas changed inside the window       | T=10000            | 2>6      | 12         | ok           | 24000     | 24000  | 1000    |              |            |             | 10:6             | 6       | NONE      | lag 24000 < 6 replicas x 10000; arrival 1000/s, per-replica rate unknown (replicas changed) -> 3; holding 6: highest recommendation in the last 300s
      idle consumers do not dilute the rate    | idle=true          | 8        | 4          | ok           | 10000     | 8000   | 500     |              |            |             |                  | 8       | NONE      | lag 8000 = 8 replicas x 1000; arrival 500/s, per-replica 175/s, drain in 60s -> 8 (floor 8, rate 5)
      Redis stream: no partition cap           |                    | 2        | -          | one          |           | 9000   |         |              |            |             |                  | 9       | UP        | lag 9000 > 2 replicas x 1000; per-replica rate unknown (one observation so far) -> 9
      lag exactly at capacity                  |                    | 1        | 6          | one          |           | 1000   |         |              |            |             |                  | 1       | NONE      | lag 1000 = 1 replica x 1000; per-replica rate unknown (one observation so far) -> 1
      """)
  void decides(String name, String policy, String replicas, String partitions, String metrics, Long lagBefore, Long lagNow,
      Double arrival, Double muRemembered, Long lagSeenAgo, Long notReadyAgo, String history, int desired,
      ScalingDirection direction, String reason) {
    ScalingInput input = new ScalingInput(
        policy(policy), currentReplicas(replicas), readyReplicas(replicas),
        samples(metrics, replicas, partitions, lagBefore, lagNow, arrival),
        metrics.startsWith("error:") ? metrics.substring("error:".length()) : null,
        history(history), muRemembered, lagSeenAgo == null ? null : NOW.minusSeconds(lagSeenAgo),
        notReadyAgo == null ? null : NOW.minusSeconds(notReadyAgo), NOW);

    ScalingDecision decision = ScalingDecider.decide(input);

    assertThat(decision.reason()).isEqualTo(reason);
    assertThat(decision.desiredReplicas()).as(reason).isEqualTo(desired);
    assertThat(decision.direction()).as(reason).isEqualTo(direction);
  }

  /** A policy from {@code key=value} overrides of the CRD defaults. */
  static ScalingPolicy policy(String overrides) {
    WorkerAutoscaling a = new WorkerAutoscaling();
    if (overrides != null) {
      for (String pair : overrides.split(",")) {
        String[] kv = pair.trim().split("=");
        switch (kv[0]) {
          case "min" -> a.setMinReplicas(Integer.parseInt(kv[1]));
          case "max" -> a.setMaxReplicas(Integer.parseInt(kv[1]));
          case "T" -> a.setLagThreshold(Long.parseLong(kv[1]));
          case "act" -> a.setActivationLag(Long.parseLong(kv[1]));
          case "C" -> a.setCatchUpSeconds(Integer.parseInt(kv[1]));
          case "u" -> a.setTargetUtilization(Double.parseDouble(kv[1]));
          case "stab" -> a.setScaleDownStabilizationSeconds(Integer.parseInt(kv[1]));
          case "cool" -> a.setCooldownSeconds(Integer.parseInt(kv[1]));
          case "idle" -> a.setAllowIdleConsumers(Boolean.parseBoolean(kv[1]));
          default -> throw new IllegalArgumentException("unknown policy key " + kv[0]);
        }
      }
    }
    return ScalingPolicy.from(a);
  }

  static int currentReplicas(String replicas) {
    String[] parts = replicas.split(">");
    return Integer.parseInt(parts[parts.length - 1].split("/")[0]);
  }

  /** {@code b/r}: r of the b replicas are ready now; without {@code /r} all are. */
  static int readyReplicas(String replicas) {
    String[] parts = replicas.split(">");
    String[] now = parts[parts.length - 1].split("/");
    return Integer.parseInt(now[now.length - 1]);
  }

  static List<Sample> samples(String metrics, String replicas, String partitions, Long lagBefore, Long lagNow, Double arrival) {
    if (metrics.equals("none") || metrics.startsWith("error:")) {
      return List.of();
    }
    String[] counts = replicas.split(">");
    int before = Integer.parseInt(counts[0].split("/")[0]);
    int now = readyReplicas(replicas); // samples carry the consuming (ready) replicas
    Integer partitionCount = partitions.equals("-") ? null : Integer.parseInt(partitions);
    long end0 = 1_000_000;
    if (metrics.equals("one")) {
      return List.of(new Sample(observation(NOW, lagNow, end0, partitionCount), now));
    }
    long age = metrics.startsWith("stale:") ? Long.parseLong(metrics.substring("stale:".length())) : 0;
    Instant last = NOW.minusSeconds(age);
    long end1 = end0 + Math.round(arrival * 10);
    return List.of(
        new Sample(observation(last.minusSeconds(10), lagBefore, end0, partitionCount), before),
        new Sample(observation(last, lagNow, end1, partitionCount), now));
  }

  static LagObservation observation(Instant at, long lag, long end, Integer partitions) {
    return new LagObservation(at, lag, end, end - lag, partitions, List.of(), 0);
  }

  static List<Recommendation> history(String spec) {
    List<Recommendation> list = new ArrayList<>();
    if (spec != null) {
      for (String item : spec.trim().split("\\s+")) {
        String[] agoAndReplicas = item.split(":");
        list.add(new Recommendation(NOW.minusSeconds(Long.parseLong(agoAndReplicas[0])), Integer.parseInt(agoAndReplicas[1])));
      }
    }
    return list;
  }
}
