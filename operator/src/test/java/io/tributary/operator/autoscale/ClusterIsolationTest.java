package io.tributary.operator.autoscale;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.tributary.api.v1alpha1.WorkerAutoscaling;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Issue #12: one Kafka cluster that never answers must not keep the Workers of the other clusters
 * from being polled. The autoscaler's two shared poll threads are played by a two-thread executor
 * to which every round submits the poll of every Worker, the silent cluster's first (the order in
 * which they were registered); the clock is the injected one. Without {@link
 * ClusterIsolatedLagSource} (the lag source used as it is) both threads block in the silent
 * cluster's observations and the other cluster's Workers are never observed: this test then fails
 * at its first round.
 */
class ClusterIsolationTest {
  static final String SILENT = "silent-kafka:9092";
  static final String HEALTHY = "kafka:9092";
  static final int PER_CLUSTER = 10;

  final Fakes.TestClock clock = new Fakes.TestClock(Instant.parse("2026-11-22T07:00:00Z"));
  final CountDownLatch silentClusterAnswers = new CountDownLatch(1);
  final BlockingForOneCluster lag = new BlockingForOneCluster();
  final Fakes.FakeReplicas replicas = new Fakes.FakeReplicas();
  final Fakes.FakeStatus status = new Fakes.FakeStatus();
  final ExecutorService pollThreads = Executors.newFixedThreadPool(2);
  final ClusterIsolatedLagSource isolated = new ClusterIsolatedLagSource(lag, Duration.ofSeconds(2), 2);
  final WorkerAutoscaler autoscaler = new WorkerAutoscaler(isolated,
      (worker, policy) -> new LagTarget.KafkaTopic(worker.getMetadata().getName().startsWith("silent") ? SILENT : HEALTHY,
          Map.of(), "payments", "market-data." + worker.getMetadata().getName(), policy.offsetResetPolicy()),
      replicas, status, new Fakes.FakeEvents(), new SimpleMeterRegistry(), clock, null);

  @AfterEach
  void close() {
    silentClusterAnswers.countDown();
    pollThreads.shutdownNow();
    autoscaler.close();
  }

  /** Answers at once for every cluster but {@link #SILENT}, whose observations wait until the test ends. */
  final class BlockingForOneCluster implements LagSource {
    final Map<String, AtomicInteger> observed = new ConcurrentHashMap<>();
    final AtomicInteger silentWaiting = new AtomicInteger();
    final AtomicInteger mostSilentWaiting = new AtomicInteger();

    @Override
    public LagObservation observe(LagTarget target) throws LagObservationException {
      LagTarget.KafkaTopic topic = (LagTarget.KafkaTopic) target;
      observed.computeIfAbsent(topic.group(), g -> new AtomicInteger()).incrementAndGet();
      if (topic.bootstrapServers().equals(SILENT)) {
        mostSilentWaiting.accumulateAndGet(silentWaiting.incrementAndGet(), Math::max);
        try {
          silentClusterAnswers.await();
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        } finally {
          silentWaiting.decrementAndGet();
        }
        throw new LagObservationException("Kafka Admin API at " + SILENT + ": no answer within 5s");
      }
      return LagObservation.ofTotals(clock.instant(), 0, 1000, 1000, 6);
    }

    int observations(String worker) {
      AtomicInteger n = observed.get("market-data." + worker);
      return n == null ? 0 : n.get();
    }
  }

  @Test
  void aSilentClusterDoesNotKeepTheOtherClustersWorkersFromBeingPolled() throws Exception {
    List<String> names = new ArrayList<>();
    for (int i = 0; i < PER_CLUSTER; i++) {
      names.add("silent-" + i); // first: they take the poll threads before the others
    }
    for (int i = 0; i < PER_CLUSTER; i++) {
      names.add("healthy-" + i);
    }
    WorkerAutoscaling policy = new WorkerAutoscaling();
    policy.setMaxReplicas(4);
    policy.setPollIntervalSeconds(10);
    for (String name : names) {
      replicas.replicas.put("default/" + name + "-worker", 1);
      autoscaler.register(Fakes.worker(name, policy));
    }

    for (int round = 1; round <= 3; round++) {
      clock.advance(Duration.ofSeconds(10)); // every Worker's pollIntervalSeconds is due
      List<Future<Optional<ScalingDecision>>> polls = new ArrayList<>();
      for (String name : names) {
        polls.add(pollThreads.submit(() -> autoscaler.pollNow("default", name)));
      }
      int expected = round;
      await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
        for (int i = 0; i < PER_CLUSTER; i++) {
          assertThat(lag.observations("healthy-" + i)).as("observations of healthy-" + i).isEqualTo(expected);
        }
      });
      await().atMost(Duration.ofSeconds(20)).until(() -> polls.stream().allMatch(Future::isDone));
      for (int i = 0; i < PER_CLUSTER; i++) {
        // the silent cluster's Workers were polled too: they hold their count, metrics unavailable
        ScalingDecision held = polls.get(i).get().orElseThrow();
        assertThat(held.direction()).isEqualTo(ScalingDirection.HOLD);
        assertThat(held.desiredReplicas()).isEqualTo(1);
      }
    }
    // the silent cluster holds at most its own lane's threads, however many Workers it has
    assertThat(lag.mostSilentWaiting.get()).isLessThanOrEqualTo(2);
    assertThat(isolated.clusters()).isEqualTo(2);
    assertThat(status.writes).anySatisfy(s -> {
      assertThat(s.healthy()).isFalse();
      assertThat(s.healthMessage()).contains(SILENT);
    });
  }
}
