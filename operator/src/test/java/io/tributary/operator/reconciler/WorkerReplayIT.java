package io.tributary.operator.reconciler;

import static io.tributary.operator.testing.Fixtures.NAMESPACE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.tributary.api.v1alpha1.ReplayStatus;
import io.tributary.api.v1alpha1.Worker;
import io.tributary.api.v1alpha1.WorkerAutoscaling;
import io.tributary.api.v1alpha1.WorkerReplay;
import io.tributary.operator.model.ConsumerGroups;
import io.tributary.operator.model.ReplayPlan;
import io.tributary.operator.testing.Fixtures;
import io.tributary.operator.testing.MockCluster;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@code spec.replay} carried out by the Worker reconciler on the fabric8 mock server, with the fake
 * Kafka Admin ({@code FakeTopicAdmin}) standing for the consumer group: hold at 0, wait for the
 * group to empty, reset once, restore, and never again for the same id (also after a restart).
 * The offset reset itself on a real broker: {@code ConsumerGroupRewindIT}; end to end with a
 * worker, Kafka and Redis: the sandbox's {@code ReplayEndToEndIT}.
 */
class WorkerReplayIT {
  static MockCluster cluster;
  static KubernetesClient client;

  @BeforeAll
  static void start() throws Exception {
    cluster = MockCluster.start(true);
    client = cluster.client();
    cluster.startOperator();
  }

  @AfterAll
  static void stop() {
    cluster.close();
  }

  @Test
  void aReplayHoldsTheDeploymentUntilTheGroupIsEmptyResetsOnceRestoresAndNeverRunsTheSameIdAgain() {
    client.resource(Fixtures.strimziPipeline("rp1")).create();
    client.resource(Fixtures.cacheWorker("replay1", "rp1")).create();
    await().atMost(Duration.ofSeconds(20)).until(() -> deployment("replay1-worker") != null);
    // always written, empty when not held: the applier keeps live annotations, so only this ends a hold
    assertThat(deployment("replay1-worker").getMetadata().getAnnotations()).containsEntry(ReplayPlan.HOLD_ANNOTATION, "");
    String group = group("replay1");
    cluster.topicAdmin().groupMembers(group, 1); // a consumer that has not left yet
    int rewindsBefore = cluster.topicAdmin().rewinds().size();

    cluster.edit(Worker.class, "replay1", w -> {
      w.getSpec().setReplay(fromTimestamp("after-fix-1", "2026-12-01T00:00:00Z"));
      return w;
    });
    await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
      Deployment d = deployment("replay1-worker");
      assertThat(d.getSpec().getReplicas()).isZero();
      assertThat(d.getMetadata().getAnnotations()).containsEntry(ReplayPlan.HOLD_ANNOTATION, "after-fix-1");
      ReplayStatus s = replay("replay1");
      assertThat(s.getPhase()).isEqualTo(ReplayPlan.RESETTING);
      assertThat(s.getMessage()).contains("1 member(s) of consumer group " + group);
      assertThat(s.getReplicasBefore()).isEqualTo(2);
    });
    assertThat(cluster.topicAdmin().rewinds()).hasSize(rewindsBefore); // never with a member in the group

    cluster.topicAdmin().rewindResult(300, 120);
    cluster.topicAdmin().groupMembers(group, 0);
    await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
      ReplayStatus s = replay("replay1");
      assertThat(s.getPhase()).isEqualTo(ReplayPlan.DONE);
      assertThat(s.getCompletedId()).isEqualTo("after-fix-1");
      assertThat(s.getLagAtStart()).isEqualTo(300);
      assertThat(s.getRecordsToReplay()).isEqualTo(120);
      assertThat(s.getStartTime()).isNotNull();
      assertThat(s.getResetTime()).isNotNull();
      assertThat(s.getFinishTime()).isNotNull();
      Deployment d = deployment("replay1-worker");
      assertThat(d.getSpec().getReplicas()).isEqualTo(2);
      assertThat(d.getMetadata().getAnnotations()).containsEntry(ReplayPlan.HOLD_ANNOTATION, "");
    });
    List<io.tributary.operator.testing.FakeTopicAdmin.Rewind> rewinds = cluster.topicAdmin().rewinds();
    assertThat(rewinds).hasSize(rewindsBefore + 1);
    assertThat(rewinds.get(rewinds.size() - 1).group()).isEqualTo(group);
    assertThat(rewinds.get(rewinds.size() - 1).topic()).isEqualTo("market-data-stream");
    assertThat(rewinds.get(rewinds.size() - 1).request().getFromTimestamp()).isEqualTo("2026-12-01T00:00:00Z");
    await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertThat(events("replay1"))
        .anyMatch(e -> e.startsWith(WorkerReplays.STARTED + ": replay after-fix-1 (fromTimestamp 2026-12-01T00:00:00Z)"))
        .anyMatch(e -> e.startsWith(WorkerReplays.RESET + ": replay after-fix-1: group " + group))
        .anyMatch(e -> e.startsWith(WorkerReplays.DONE + ": replay after-fix-1: replicas restored to 2")));

    // re-applying the same request with another change: the change is applied, the replay is not redone
    cluster.edit(Worker.class, "replay1", w -> {
      w.getSpec().getErrorPolicy().setMaxAttempts(9);
      return w;
    });
    await().atMost(Duration.ofSeconds(20)).untilAsserted(() ->
        assertThat(client.configMaps().inNamespace(NAMESPACE).withName("replay1-worker-config").get().getData()
            .get("config.json")).contains("\"maxAttempts\" : 9"));
    // an operator restart: status.replay is the memory
    cluster.startOperator();
    double reconciled = cluster.reconciliations("Worker");
    await().atMost(Duration.ofSeconds(20)).until(() -> cluster.reconciliations("Worker") > reconciled);
    assertThat(cluster.topicAdmin().rewinds()).hasSize(rewindsBefore + 1);
    assertThat(deployment("replay1-worker").getSpec().getReplicas()).isEqualTo(2);

    // a new id replays again
    cluster.edit(Worker.class, "replay1", w -> {
      WorkerReplay r = new WorkerReplay();
      r.setId("after-fix-2");
      r.setToEarliest(true);
      w.getSpec().setReplay(r);
      return w;
    });
    await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
      assertThat(replay("replay1").getCompletedId()).isEqualTo("after-fix-2");
      assertThat(replay("replay1").getPhase()).isEqualTo(ReplayPlan.DONE);
    });
    assertThat(cluster.topicAdmin().rewinds()).hasSize(rewindsBefore + 2);
    assertThat(deployment("replay1-worker").getSpec().getReplicas()).isEqualTo(2);
  }

  @Test
  void anOperatorRestartedInTheMiddleOfAReplayFinishesItOnceWithTheReplicasFromBefore() {
    client.resource(Fixtures.strimziPipeline("rp5")).create();
    client.resource(Fixtures.cacheWorker("replay5", "rp5")).create();
    await().atMost(Duration.ofSeconds(20)).until(() -> deployment("replay5-worker") != null);
    String group = group("replay5");
    cluster.topicAdmin().groupMembers(group, 2);
    cluster.edit(Worker.class, "replay5", w -> {
      w.getSpec().setReplay(fromTimestamp("mid", "2026-12-01T00:00:00Z"));
      return w;
    });
    await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
      assertThat(replay("replay5").getPhase()).isEqualTo(ReplayPlan.RESETTING);
      assertThat(deployment("replay5-worker").getSpec().getReplicas()).isZero();
    });

    // the new operator finds the Deployment at 0: the replicas to restore come from status.replay
    cluster.stopOperator();
    cluster.topicAdmin().groupMembers(group, 0);
    long before = cluster.topicAdmin().rewinds().stream().filter(r -> r.group().equals(group)).count();
    cluster.startOperator();
    await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
      assertThat(replay("replay5").getPhase()).isEqualTo(ReplayPlan.DONE);
      assertThat(deployment("replay5-worker").getSpec().getReplicas()).isEqualTo(2);
    });
    assertThat(before).isZero();
    assertThat(cluster.topicAdmin().rewinds().stream().filter(r -> r.group().equals(group)).count()).isEqualTo(1);
    assertThat(replay("replay5").getReplicasBefore()).isEqualTo(2);
  }

  @Test
  void anAutoscaledWorkerGetsBackTheReplicasItHadBeforeTheReplay() {
    client.resource(Fixtures.strimziPipeline("rp2")).create();
    Worker worker = Fixtures.cacheWorker("replay2", "rp2");
    WorkerAutoscaling autoscaling = new WorkerAutoscaling();
    autoscaling.setMinReplicas(1);
    autoscaling.setMaxReplicas(8);
    worker.getSpec().setAutoscaling(autoscaling);
    client.resource(worker).create();
    await().atMost(Duration.ofSeconds(20)).until(() -> deployment("replay2-worker") != null);
    client.apps().deployments().inNamespace(NAMESPACE).withName("replay2-worker").scale(5);
    int rewindsBefore = cluster.topicAdmin().rewinds().size();

    cluster.edit(Worker.class, "replay2", w -> {
      w.getSpec().setReplay(fromTimestamp("r1", "2026-12-01T00:00:00Z"));
      return w;
    });
    await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
      assertThat(replay("replay2").getPhase()).isEqualTo(ReplayPlan.DONE);
      assertThat(replay("replay2").getReplicasBefore()).isEqualTo(5);
      assertThat(deployment("replay2-worker").getSpec().getReplicas()).isEqualTo(5);
      assertThat(deployment("replay2-worker").getMetadata().getAnnotations()).containsEntry(ReplayPlan.HOLD_ANNOTATION, "");
    });
    assertThat(cluster.topicAdmin().rewinds()).hasSize(rewindsBefore + 1);
    // after the replay the replicas are the autoscaler's again: the model does not set them a second time
    client.apps().deployments().inNamespace(NAMESPACE).withName("replay2-worker").scale(3);
    cluster.edit(Worker.class, "replay2", w -> {
      w.getSpec().getErrorPolicy().setMaxAttempts(8);
      return w;
    });
    await().atMost(Duration.ofSeconds(20)).untilAsserted(() ->
        assertThat(client.configMaps().inNamespace(NAMESPACE).withName("replay2-worker-config").get().getData()
            .get("config.json")).contains("\"maxAttempts\" : 8"));
    assertThat(deployment("replay2-worker").getSpec().getReplicas()).isEqualTo(3);
  }

  @Test
  void aBadRequestFailsNamingTheFieldStopsNothingAndIsNotRetried() {
    client.resource(Fixtures.strimziPipeline("rp3")).create();
    client.resource(Fixtures.cacheWorker("replay3", "rp3")).create();
    await().atMost(Duration.ofSeconds(20)).until(() -> deployment("replay3-worker") != null);
    int rewindsBefore = cluster.topicAdmin().rewinds().size();
    String version = deployment("replay3-worker").getMetadata().getResourceVersion();

    cluster.edit(Worker.class, "replay3", w -> {
      w.getSpec().setReplay(fromTimestamp("bad", "yesterday"));
      return w;
    });
    await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
      ReplayStatus s = replay("replay3");
      assertThat(s.getPhase()).isEqualTo(ReplayPlan.FAILED);
      assertThat(s.getCompletedId()).isEqualTo("bad");
      assertThat(s.getMessage()).contains("spec.replay.fromTimestamp: \"yesterday\"");
    });
    assertThat(events("replay3")).anyMatch(e -> e.startsWith(WorkerReplays.FAILED + ": replay bad: spec.replay.fromTimestamp"));
    assertThat(deployment("replay3-worker").getMetadata().getResourceVersion()).isEqualTo(version);
    assertThat(cluster.topicAdmin().rewinds()).hasSize(rewindsBefore);
  }

  @Test
  void aWorkerReadingARedisStreamCannotReplayAndSaysSo() {
    client.resource(Fixtures.strimziPipeline("rp4")).create();
    client.resource(io.fabric8.kubernetes.client.utils.Serialization.unmarshal("""
        apiVersion: tributary.io/v1alpha1
        kind: Worker
        metadata: {name: replay4, namespace: default}
        spec:
          pipeline: rp4
          input: {redisStream: {stream: tasks, group: g}}
          processors: [{log: {}}]
          replicas: 2
        """, Worker.class)).create();
    await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertThat(deployment("replay4-worker"))
        .as("%s", client.resources(Worker.class).inNamespace(NAMESPACE).withName("replay4").get().getStatus()).isNotNull());

    cluster.edit(Worker.class, "replay4", w -> {
      w.getSpec().setReplay(fromTimestamp("r1", "2026-12-01T00:00:00Z"));
      return w;
    });
    await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
      ReplayStatus s = replay("replay4");
      assertThat(s.getPhase()).isEqualTo(ReplayPlan.FAILED);
      assertThat(s.getMessage()).contains("spec.replay: only a Worker reading a Kafka topic (spec.input.topic)");
    });
    assertThat(deployment("replay4-worker").getSpec().getReplicas()).isEqualTo(2);
  }

  private static WorkerReplay fromTimestamp(String id, String timestamp) {
    WorkerReplay r = new WorkerReplay();
    r.setId(id);
    r.setFromTimestamp(timestamp);
    return r;
  }

  private static String group(String worker) {
    return ConsumerGroups.of(client.resources(Worker.class).inNamespace(NAMESPACE).withName(worker).get()).orElseThrow().group();
  }

  private static ReplayStatus replay(String name) {
    Worker w = client.resources(Worker.class).inNamespace(NAMESPACE).withName(name).get();
    assertThat(w.getStatus()).isNotNull();
    assertThat(w.getStatus().getReplay()).isNotNull();
    return w.getStatus().getReplay();
  }

  private static List<String> events(String worker) {
    return client.v1().events().inNamespace(NAMESPACE).list().getItems().stream()
        .filter(e -> worker.equals(e.getInvolvedObject().getName()) && "Worker".equals(e.getInvolvedObject().getKind()))
        .map(e -> e.getReason() + ": " + e.getMessage())
        .toList();
  }

  private static Deployment deployment(String name) {
    return client.apps().deployments().inNamespace(NAMESPACE).withName(name).get();
  }
}
