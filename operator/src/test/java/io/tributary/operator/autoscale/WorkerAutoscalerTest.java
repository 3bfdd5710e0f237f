package io.tributary.operator.autoscale;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.tributary.api.v1alpha1.AutoscalingEngine;
import io.tributary.api.v1alpha1.Worker;
import io.tributary.api.v1alpha1.WorkerAutoscaling;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class WorkerAutoscalerTest {
  static final String DEPLOYMENT = "default/writer-worker";
  final Fakes.TestClock clock = new Fakes.TestClock(Instant.parse("2026-11-22T07:00:00Z"));
  final Fakes.FakeLagSource lag = new Fakes.FakeLagSource(clock);
  final Fakes.FakeReplicas replicas = new Fakes.FakeReplicas();
  final Fakes.FakeStatus status = new Fakes.FakeStatus();
  final Fakes.FakeEvents events = new Fakes.FakeEvents();
  final SimpleMeterRegistry meters = new SimpleMeterRegistry();
  final WorkerAutoscaler autoscaler =
      new WorkerAutoscaler(lag, Fakes.topicResolver(), replicas, status, events, meters, clock, null);

  @AfterEach
  void close() {
    autoscaler.close();
  }

  static WorkerAutoscaling policy() {
    WorkerAutoscaling a = new WorkerAutoscaling();
    a.setMaxReplicas(12);
    return a;
  }

  /** One poll interval later, with the arrivals and the lag of that interval. */
  void poll(long arrived, long lagNow) {
    clock.advance(Duration.ofSeconds(10));
    lag.set(arrived, lagNow);
    autoscaler.pollNow("default", "writer");
  }

  @Test
  void aBacklogScalesUpAtOnceAndComesBackAfterTheWindow() {
    replicas.replicas.put(DEPLOYMENT, 2);
    autoscaler.register(Fakes.worker("writer", policy()));
    poll(0, 0);
    poll(1000, 0);

    poll(9000, 9000); // a burst: 9000 records behind; 10000 arrived in the 20 s of the rate window

    assertThat(replicas.writes).containsExactly(DEPLOYMENT + "=9");
    String reason = "lag 9000 > 2 replicas x 1000; arrival 500/s, per-replica rate unknown (not busy) -> 9";
    assertThat(events.events).containsExactly("Scaled writer 2->9: " + reason);
    AutoscalerStatus up = status.last();
    assertThat(up.desiredReplicas()).isEqualTo(9);
    assertThat(up.lag()).isEqualTo(9000);
    assertThat(up.partitions()).isEqualTo(12);
    assertThat(up.lastScaleTime()).isEqualTo("2026-11-22T07:00:30Z");
    assertThat(up.lastScaleReason()).isEqualTo(reason);
    assertThat(up.healthy()).isTrue();
    assertThat(meters.get(ScalerMeters.DESIRED).tag("worker", "writer").tag("pipeline", "market-data").gauge().value()).isEqualTo(9);
    assertThat(meters.get(ScalerMeters.LAG).tag("namespace", "default").gauge().value()).isEqualTo(9000);
    assertThat(meters.get(ScalerMeters.REPLICAS).gauge().value()).isEqualTo(9);
    assertThat(meters.get(ScalerMeters.DECISIONS).tag("direction", "up").counter().count()).isEqualTo(1);
    assertThat(meters.get(ScalerMeters.DECISIONS).tag("direction", "down").tag("component", "writer").counter().count()).isZero();

    // drained, then idle: nothing happens while the 9 of 07:00:30 is inside the 300 s window
    for (int i = 0; i < 30; i++) { // up to 07:05:30
      poll(0, 0);
    }
    assertThat(replicas.replicas.get(DEPLOYMENT)).isEqualTo(9);
    poll(0, 0);
    assertThat(replicas.writes).containsExactly(DEPLOYMENT + "=9", DEPLOYMENT + "=1");
    assertThat(status.last().lastScaleReason())
        .isEqualTo("lag 0 < 9 replicas x 1000; arrival 0/s, per-replica rate unknown (not busy) -> 0, raised to minReplicas 1");
    assertThat(meters.get(ScalerMeters.DECISIONS).tag("direction", "down").counter().count()).isEqualTo(1);
  }

  @Test
  void aDeploymentHeldForAReplayIsNotScaledUpAndIsScaledAgainOnceReleased() {
    // the Registrar registers on spec changes only: the hold reaches the autoscaler through the
    // Deployment's replay-hold annotation, read at every poll
    replicas.replicas.put(DEPLOYMENT, 0);
    replicas.held.add(DEPLOYMENT);
    autoscaler.register(Fakes.worker("writer", policy()));
    poll(0, 0);
    poll(1000, 0);
    poll(9000, 9000); // a backlog that would scale up (see aBacklogScalesUpAtOnce...)
    assertThat(replicas.writes).isEmpty();
    assertThat(events.events).isEmpty();

    replicas.held.remove(DEPLOYMENT);
    replicas.replicas.put(DEPLOYMENT, 2); // the reconciler restored the replicas before the replay
    poll(0, 0);
    poll(1000, 0);
    poll(9000, 9000);
    assertThat(replicas.writes).containsExactly(DEPLOYMENT + "=9");
  }

  @Test
  void thePerReplicaRateInTheStatusIsUsedAfterARestartAndKeptThere() {
    replicas.replicas.put(DEPLOYMENT, 2);
    var worker = Fakes.worker("writer", policy());
    var previous = new io.tributary.api.v1alpha1.WorkerStatus();
    previous.setPerReplicaRate(100.0); // measured by the operator before it restarted
    worker.setStatus(previous);
    autoscaler.register(worker);
    poll(0, 0);
    poll(1000, 0);

    poll(9000, 9000);

    assertThat(status.last().lastScaleReason()).contains("per-replica 100/s (remembered)");
    assertThat(status.last().perReplicaRate()).isEqualTo(100.0);
  }

  @Test
  void aRestartedAutoscalerDoesNotRepeatTheHealthEventTheWorkerStatusAlreadyShows() {
    // the last operator reported the cluster down (status ScalerHealthy=False); the new one, with
    // an empty memory, sees the same failure: no second MetricsUnavailable (issue #12: each
    // restart wrote one Event per Worker on a down cluster)
    replicas.replicas.put(DEPLOYMENT, 4);
    lag.failure = "Kafka Admin API at kafka:9092: no answer within 5s";
    autoscaler.register(withScalerHealthy(Fakes.worker("writer", policy()), "False"));
    poll(0, 0);
    poll(0, 0);
    assertThat(events.events).isEmpty();

    lag.failure = null;
    poll(0, 0);
    assertThat(events.events).containsExactly("MetricsRecovered writer");
  }

  @Test
  void aRestartedAutoscalerReportsAFailureOfAWorkerLastSeenHealthy() {
    replicas.replicas.put(DEPLOYMENT, 4);
    lag.failure = "Kafka Admin API at kafka:9092: no answer within 5s";
    autoscaler.register(withScalerHealthy(Fakes.worker("writer", policy()), "True"));
    poll(0, 0);
    assertThat(events.events).containsExactly("MetricsUnavailable writer: Kafka Admin API at kafka:9092: no answer within 5s");
  }

  private static Worker withScalerHealthy(Worker worker, String status) {
    io.tributary.api.v1alpha1.WorkerStatus workerStatus = new io.tributary.api.v1alpha1.WorkerStatus();
    workerStatus.setConditions(new java.util.ArrayList<>(java.util.List.of(new io.fabric8.kubernetes.api.model.ConditionBuilder()
        .withType(AutoscalerStatus.CONDITION).withStatus(status).withReason("x").withMessage("x").build())));
    worker.setStatus(workerStatus);
    return worker;
  }

  @Test
  void kafkaDownHoldsTheReplicasReportsOnceAndRecovers() {
    replicas.replicas.put(DEPLOYMENT, 4);
    autoscaler.register(Fakes.worker("writer", policy()));
    poll(0, 0);

    lag.failure = "Kafka Admin API at kafka:9092: no answer within 5s";
    poll(0, 0);
    poll(0, 0);

    assertThat(replicas.writes).isEmpty();
    assertThat(events.events).containsExactly("MetricsUnavailable writer: Kafka Admin API at kafka:9092: no answer within 5s");
    AutoscalerStatus held = status.last();
    assertThat(held.healthy()).isFalse();
    assertThat(held.healthReason()).isEqualTo("MetricsUnavailable");
    assertThat(held.healthMessage()).isEqualTo("Kafka Admin API at kafka:9092: no answer within 5s");
    assertThat(held.desiredReplicas()).isEqualTo(4);
    assertThat(meters.get(ScalerMeters.DECISIONS).tag("direction", "hold").counter().count()).isEqualTo(2);

    lag.failure = null;
    poll(0, 0);
    assertThat(events.events).last().isEqualTo("MetricsRecovered writer");
    assertThat(status.last().healthy()).isTrue();
  }

  @Test
  void aSteadyStateChangesNothing() {
    replicas.replicas.put(DEPLOYMENT, 1);
    autoscaler.register(Fakes.worker("writer", policy()));
    poll(0, 0);
    AutoscalerStatus first = status.last();

    poll(0, 0);
    poll(0, 0);

    assertThat(status.writes).allSatisfy(s -> assertThat(s).isEqualTo(first));
    assertThat(replicas.writes).isEmpty();
    assertThat(events.events).isEmpty();
  }

  @Test
  void noDeploymentYetNoDecision() {
    autoscaler.register(Fakes.worker("writer", policy()));

    assertThat(autoscaler.pollNow("default", "writer")).isEmpty();
    assertThat(lag.asked).isEmpty();
  }

  @Test
  void theKafkaTargetIsTheWorkersTopicAndGroup() {
    replicas.replicas.put(DEPLOYMENT, 1);
    autoscaler.register(Fakes.worker("writer", policy()));
    poll(0, 0);

    assertThat(lag.asked).first().isEqualTo(new LagTarget.KafkaTopic("kafka:9092", java.util.Map.of(),
        "market-data-stream", "market-data.writer", io.tributary.api.v1alpha1.OffsetResetPolicy.EARLIEST));
  }

  @Test
  void workersScaledByOthersAreOnlyObserved() {
    WorkerAutoscaling keda = policy();
    keda.setEngine(AutoscalingEngine.KEDA);
    replicas.replicas.put("default/by-keda-worker", 3);
    replicas.replicas.put("default/fixed-worker", 2);
    autoscaler.register(Fakes.worker("by-keda", keda));
    autoscaler.register(Fakes.worker("fixed", null));
    lag.set(50_000, 50_000);

    autoscaler.pollNow("default", "by-keda");
    autoscaler.pollNow("default", "fixed");

    assertThat(autoscaler.isScaling("default", "by-keda")).isFalse();
    assertThat(autoscaler.isScaling("default", "fixed")).isFalse();
    assertThat(replicas.writes).isEmpty();
    assertThat(status.writes).isEmpty();
    assertThat(events.events).isEmpty();
    assertThat(meters.get(ScalerMeters.LAG).tag("worker", "fixed").gauge().value()).isEqualTo(50_000);
    assertThat(meters.get(ScalerMeters.REPLICAS).tag("worker", "by-keda").gauge().value()).isEqualTo(3);
  }

  @Test
  void removingAutoscalingStopsScalingAndUnregisterRemovesTheMeters() {
    Worker worker = Fakes.worker("writer", policy());
    autoscaler.register(worker);
    assertThat(autoscaler.isScaling("default", "writer")).isTrue();

    worker.getSpec().setAutoscaling(null);
    autoscaler.register(worker);
    assertThat(autoscaler.isScaling("default", "writer")).isFalse();
    assertThat(autoscaler.isRegistered("default", "writer")).isTrue();

    autoscaler.unregister("default", "writer");
    assertThat(autoscaler.isRegistered("default", "writer")).isFalse();
    assertThat(meters.find(ScalerMeters.LAG).tag("worker", "writer").gauge()).isNull();
  }

  @Test
  void aDeletedWorkersLoopStopsAtItsNextPoll() {
    replicas.replicas.put(DEPLOYMENT, 1);
    replicas.replicas.put("default/fixed-worker", 1);
    autoscaler.register(Fakes.worker("writer", policy()));
    autoscaler.register(Fakes.worker("fixed", null));
    status.deleted.add("writer");
    status.deleted.add("fixed");

    autoscaler.pollNow("default", "writer");
    autoscaler.pollNow("default", "fixed");

    assertThat(autoscaler.isRegistered("default", "writer")).isFalse();
    assertThat(autoscaler.isRegistered("default", "fixed")).isFalse();
  }

  /** Issue #11 §1.11a: the garbage collector took the Deployment first, so no status write fails. */
  @Test
  void aDeletedWorkerWhoseDeploymentIsGoneStopsPollingAndLosesItsGauges() {
    ScheduledThreadPoolExecutor executor = new ScheduledThreadPoolExecutor(1);
    executor.setRemoveOnCancelPolicy(true); // a cancelled loop leaves the queue
    try (WorkerAutoscaler scheduled =
        new WorkerAutoscaler(lag, Fakes.topicResolver(), replicas, status, events, meters, clock, executor)) {
      WorkerAutoscaling fast = policy();
      fast.setPollIntervalSeconds(1);
      scheduled.register(Fakes.worker("writer", fast));
      replicas.replicas.put(DEPLOYMENT, 2);
      await().atMost(Duration.ofSeconds(10)).until(() -> !status.writes.isEmpty());
      assertThat(meters.find(ScalerMeters.LAG).tag("worker", "writer").gauge()).isNotNull();

      replicas.replicas.remove(DEPLOYMENT); // the Deployment is collected...
      status.deleted.add("writer"); // ...with its Worker

      await().atMost(Duration.ofSeconds(10)).until(() -> !scheduled.isRegistered("default", "writer"));
      assertThat(meters.find(ScalerMeters.LAG).tag("worker", "writer").gauge()).as("lag gauge series").isNull();
      assertThat(meters.find(ScalerMeters.DESIRED).tag("worker", "writer").gauge()).isNull();
      assertThat(executor.getQueue()).as("scheduled polls").isEmpty();
    } finally {
      executor.shutdownNow();
    }
  }

  @Test
  void aWorkerWhoseDeploymentIsNotCreatedYetStaysRegistered() {
    autoscaler.register(Fakes.worker("writer", policy()));

    assertThat(autoscaler.pollNow("default", "writer")).isEmpty();
    assertThat(autoscaler.isRegistered("default", "writer")).isTrue();
  }

  @Test
  void theScheduledLoopPollsByItself() {
    ScheduledExecutorService executor = Executors.newSingleThreadScheduledExecutor();
    try (WorkerAutoscaler scheduled =
        new WorkerAutoscaler(lag, Fakes.topicResolver(), replicas, status, events, meters, clock, executor)) {
      replicas.replicas.put(DEPLOYMENT, 1);
      lag.set(5000, 5000);
      WorkerAutoscaling fast = policy();
      fast.setPollIntervalSeconds(1);
      scheduled.register(Fakes.worker("writer", fast));

      await().atMost(Duration.ofSeconds(10)).until(() -> replicas.replicas.get(DEPLOYMENT) == 5);
    } finally {
      executor.shutdownNow();
    }
  }
}
