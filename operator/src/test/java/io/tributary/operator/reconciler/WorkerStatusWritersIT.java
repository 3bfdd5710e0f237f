package io.tributary.operator.reconciler;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.Watch;
import io.fabric8.kubernetes.client.Watcher;
import io.fabric8.kubernetes.client.WatcherException;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.tributary.api.v1alpha1.Worker;
import io.tributary.api.v1alpha1.WorkerStatus;
import io.tributary.operator.autoscale.AutoscalerStatus;
import io.tributary.operator.autoscale.KubernetesScalerStatus;
import io.tributary.operator.config.OperatorSettings;
import io.tributary.operator.status.ConditionsHelper;
import io.tributary.operator.status.StatusConflicts;
import io.tributary.operator.testing.Fixtures;
import io.tributary.operator.testing.MockCluster;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The two writers of {@code Worker.status}, the Worker reconciler (inside a real JOSDK operator)
 * and the autoscaler's {@link KubernetesScalerStatus}, hammer one Worker at the same time: the
 * reconciler because the Deployment's ready count keeps changing, the autoscaler with a new lag on
 * every write. Writes conflict (409) and are retried; at the end each writer's fields hold that
 * writer's last values, and no version of the Worker ever showed the autoscaler's lag going back
 * (which a write from a stale copy would do).
 */
public class WorkerStatusWritersIT {
  private static final int ROUNDS = 300;
  /** The Worker the scenario races on. */
  public static final String WORKER = "racy";
  private static final String DEPLOYMENT = "racy-worker";

  @Test
  void bothWritersHammeringOneWorkerEachEndWithTheirOwnLastValues() throws Exception {
    MeterRegistry meters = new SimpleMeterRegistry();
    try (MockCluster cluster = MockCluster.start(true)) {
      KubernetesClient client = cluster.client();
      cluster.startOperator(OperatorSettings.defaults(), meters);
      client.resource(Fixtures.strimziPipeline("racing")).create();
      client.resource(Fixtures.cacheWorker(WORKER, "racing")).create();
      hammer(client, Fixtures.NAMESPACE, meters);
    }
  }

  /**
   * The scenario, on any API server where an operator (with {@code meters}) reconciles a Worker
   * named {@value #WORKER} with 2 replicas in {@code namespace}: both writers race, each ends with
   * its own last values, and both met (and retried) conflicts.
   */
  public static void hammer(KubernetesClient client, String namespace, MeterRegistry meters) throws Exception {
    await().atMost(Duration.ofSeconds(30)).until(() -> worker(client, namespace) != null
        && worker(client, namespace).getStatus() != null
        && worker(client, namespace).getStatus().condition("Ready") != null
        && client.apps().deployments().inNamespace(namespace).withName(DEPLOYMENT).get() != null);

    List<WorkerStatus> versions = new CopyOnWriteArrayList<>();
    KubernetesScalerStatus autoscaler = new KubernetesScalerStatus(client, new ConditionsHelper(Clock.systemUTC()), meters);
    ExecutorService writers = Executors.newFixedThreadPool(2);
    try (Watch watch = client.resources(Worker.class).inNamespace(namespace).withName(WORKER).watch(recorder(versions))) {
      Worker seen = worker(client, namespace);
      Future<?> scaling = writers.submit(() -> {
        for (int i = 1; i <= ROUNDS; i++) {
          autoscaler.write(seen, autoscalerStatus(i));
        }
      });
      Future<?> pods = writers.submit(() -> {
        for (int i = 1; i <= ROUNDS; i++) {
          readyPods(client, namespace, ready(i));
        }
      });
      scaling.get(2, TimeUnit.MINUTES);
      pods.get(2, TimeUnit.MINUTES);

      AutoscalerStatus last = autoscalerStatus(ROUNDS);
      int lastReady = ready(ROUNDS);
      await().atMost(Duration.ofSeconds(30))
          .untilAsserted(() -> assertEachWritersLastValues(worker(client, namespace), last, lastReady));
      // and it stays so: no write is still on its way to undo one of them
      await().pollDelay(Duration.ofSeconds(2)).until(() -> true);
      assertEachWritersLastValues(worker(client, namespace), last, lastReady);
    } finally {
      writers.shutdownNow();
    }

    assertThat(lagsInOrder(versions)).as("the autoscaler's lag in every version of the Worker").isSorted();
    double reconcilerConflicts = conflicts(meters, "worker-reconciler");
    double autoscalerConflicts = conflicts(meters, "autoscaler");
    System.out.printf("conflicts answered and retried: reconciler %.0f, autoscaler %.0f%n", reconcilerConflicts, autoscalerConflicts);
    assertThat(reconcilerConflicts).as("409s answered to the reconciler (and retried)").isPositive();
    assertThat(autoscalerConflicts).as("409s answered to the autoscaler (and retried)").isPositive();
  }

  private static void assertEachWritersLastValues(Worker worker, AutoscalerStatus autoscaler, int ready) {
    WorkerStatus status = worker.getStatus();
    // the reconciler's: from the Deployment as it is now
    assertThat(status.getReadyReplicas()).as("readyReplicas").isEqualTo(ready);
    assertThat(status.getReplicas()).as("replicas").isEqualTo(ready);
    assertThat(status.getObservedGeneration()).isEqualTo(worker.getMetadata().getGeneration());
    assertThat(status.getSelector()).isNotNull();
    Condition readyCondition = status.condition(ConditionsHelper.READY);
    assertThat(readyCondition.getMessage()).isEqualTo(ready + "/2 pods ready");
    // the autoscaler's: its last write
    assertThat(status.getDesiredReplicas()).as("desiredReplicas").isEqualTo(autoscaler.desiredReplicas());
    assertThat(status.getLag()).as("lag").isEqualTo(autoscaler.lag());
    assertThat(status.getPartitions()).as("partitions").isEqualTo(autoscaler.partitions());
    assertThat(status.getLastScaleTime()).as("lastScaleTime").isEqualTo(autoscaler.lastScaleTime());
    assertThat(status.getLastScaleReason()).as("lastScaleReason").isEqualTo(autoscaler.lastScaleReason());
    assertThat(status.getPerReplicaRate()).as("perReplicaRate").isEqualTo(autoscaler.perReplicaRate());
    Condition healthy = status.condition(AutoscalerStatus.CONDITION);
    assertThat(healthy.getMessage()).as("ScalerHealthy").isEqualTo(autoscaler.healthMessage());
    // and Reconciling (derived from Ready by the reconciler's write) while not all pods are ready
    java.util.List<String> types = new java.util.ArrayList<>(java.util.List.of(ConditionsHelper.READY, AutoscalerStatus.CONDITION));
    if (ready < 2) {
      types.add(ConditionsHelper.RECONCILING);
    }
    assertThat(status.getConditions()).extracting(Condition::getType).containsExactlyInAnyOrderElementsOf(types);
  }

  /** The autoscaler's i-th write: every field it owns changes. */
  private static AutoscalerStatus autoscalerStatus(int i) {
    return new AutoscalerStatus(i % 12 + 1, (long) i, i % 7 + 1, Instant.parse("2026-01-01T00:00:00Z").plusSeconds(i).toString(),
        "lag " + i + " -> " + (i % 12 + 1), true, "LagObserved", "observing round " + i, i / 10.0);
  }

  /** Ready pods in round i: up and down, so that a write from a stale copy would leave a wrong count behind. */
  private static int ready(int i) {
    return i % 3;
  }

  /** What the Deployment controller would do: a merge patch of the status, not locked. */
  private static void readyPods(KubernetesClient client, String namespace, int ready) {
    client.apps().deployments().inNamespace(namespace).withName(DEPLOYMENT).subresource("status")
        .patch(PatchContext.of(PatchType.JSON_MERGE), "{\"status\":{\"replicas\":" + ready + ",\"readyReplicas\":" + ready + "}}");
  }

  private static Worker worker(KubernetesClient client, String namespace) {
    return client.resources(Worker.class).inNamespace(namespace).withName(WORKER).get();
  }

  private static Watcher<Worker> recorder(List<WorkerStatus> versions) {
    return new Watcher<>() {
      @Override
      public void eventReceived(Action action, Worker resource) {
        if (resource.getStatus() != null) {
          versions.add(resource.getStatus());
        }
      }

      @Override
      public void onClose(WatcherException cause) {}
    };
  }

  private static List<Long> lagsInOrder(List<WorkerStatus> versions) {
    List<Long> lags = new ArrayList<>();
    for (WorkerStatus status : versions) {
      if (status.getLag() != null) {
        lags.add(status.getLag());
      }
    }
    return lags;
  }

  private static double conflicts(MeterRegistry meters, String writer) {
    var counter = meters.find(StatusConflicts.METER).tag("writer", writer).counter();
    return counter == null ? 0 : counter.count();
  }
}
