package io.tributary.operator.reconciler;

import static io.tributary.operator.testing.Fixtures.NAMESPACE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.tributary.api.v1alpha1.Pipeline;
import io.tributary.api.v1alpha1.Producer;
import io.tributary.api.v1alpha1.TopicDeletionPolicy;
import io.tributary.operator.model.UpstreamKind;
import io.tributary.operator.testing.Fixtures;
import io.tributary.operator.testing.MockCluster;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class PipelineReconcilerIT {
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
  void createsKafkaTopicsAndMonitoringAndBecomesReadyWhenStrimziReportsTheTopicsReady() {
    Pipeline created = client.resource(strimziPipeline("p1")).create();

    await().atMost(Duration.ofSeconds(20)).until(() -> kafkaTopics("p1").size() == 2);
    GenericKubernetesResource topic = kafkaTopic("default.p1-stream");
    assertThat(topic.getMetadata().getLabels())
        .containsEntry("strimzi.io/cluster", "my-cluster")
        .containsEntry("tributary.io/pipeline", "p1")
        .containsEntry("app.kubernetes.io/component", "topic");
    assertThat(topic.getMetadata().getOwnerReferences()).singleElement()
        .satisfies(r -> assertThat(r.getUid()).isEqualTo(created.getMetadata().getUid()));
    assertThat(spec(topic)).containsEntry("topicName", "p1-stream").containsEntry("partitions", 6)
        .containsEntry("replicas", 1).containsEntry("config", Map.of("retention.ms", 604800000));
    assertThat(spec(kafkaTopic("default.p1.dlq"))).containsEntry("topicName", "p1.dlq");
    assertThat(topic.getMetadata().getAnnotations())
        .containsEntry("tributary.io/owner-namespace", NAMESPACE).containsEntry("tributary.io/owner-name", "p1")
        .containsEntry("tributary.io/owner-uid", created.getMetadata().getUid());
    await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
      assertThat(generic(UpstreamKind.POD_MONITOR, "p1-pipeline")).isNotNull();
      assertThat(generic(UpstreamKind.PROMETHEUS_RULE, "p1-pipeline")).isNotNull();
      assertThat(client.configMaps().inNamespace(NAMESPACE).withName("p1-pipeline-dashboard").get().getMetadata()
          .getLabels()).containsEntry("grafana_dashboard", "1");
    });
    assertThat(generic(UpstreamKind.POD_MONITOR, "p1-pipeline").getMetadata().getLabels())
        .containsEntry("release", "kube-prometheus-stack");
    await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
      Pipeline p = pipeline("p1");
      assertThat(p.getStatus().condition("Ready").getStatus()).isEqualTo("False");
      assertThat(p.getStatus().condition("Ready").getReason()).isEqualTo("TopicsNotReady");
      assertThat(p.getStatus().condition("Monitoring").getStatus()).isEqualTo("True");
      assertThat(p.getStatus().getBootstrapServers()).isEqualTo("my-cluster-kafka-bootstrap.default.svc:9092");
      assertThat(p.getStatus().getRedisKeyPrefix()).isEqualTo(NAMESPACE + ".p1:");
    });

    // Strimzi's topic operator marks the topics ready
    for (GenericKubernetesResource t : kafkaTopics("p1")) {
      t.setAdditionalProperty("status", Map.of("conditions", List.of(Map.of("type", "Ready", "status", "True"))));
      client.genericKubernetesResources(UpstreamResources.context(UpstreamKind.KAFKA_TOPIC)).inNamespace(NAMESPACE).resource(t).updateStatus();
    }
    await().atMost(Duration.ofSeconds(40)).untilAsserted(() -> {
      Pipeline p = pipeline("p1");
      assertThat(p.getStatus().condition("Ready").getStatus()).isEqualTo("True");
      assertThat(p.getStatus().getTopics()).extracting(t -> t.getName() + "=" + t.getReady())
          .containsExactly("p1-stream=true", "p1.dlq=true");
    });
  }

  @Test
  void countsItsComponents() {
    client.resource(Fixtures.strimziPipeline("p2")).create();
    client.resource(Fixtures.marketDataProducer("p2-feed", "p2")).create();
    client.resource(Fixtures.cacheWorker("p2-cache", "p2")).create();
    client.resource(Fixtures.etl("p2-rollup", "p2")).create();

    await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
      var status = pipeline("p2").getStatus();
      assertThat(status.getProducers()).isEqualTo(1);
      assertThat(status.getWorkers()).isEqualTo(1);
      assertThat(status.getSchedules()).isEqualTo(1);
    });
  }

  @Test
  void theAlertRulesHoldEachWorkerToItsOwnLagThresholdAndFollowItsChanges() {
    client.resource(Fixtures.strimziPipeline("p-alerts")).create();
    io.tributary.api.v1alpha1.Worker worker = Fixtures.cacheWorker("p-alerts-cache", "p-alerts");
    io.tributary.api.v1alpha1.WorkerAutoscaling autoscaling = new io.tributary.api.v1alpha1.WorkerAutoscaling();
    autoscaling.setLagThreshold(5000L);
    worker.getSpec().setAutoscaling(autoscaling);
    client.resource(worker).create();

    await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(ruleText("p-alerts-pipeline"))
        .contains("tributary:worker_lag_threshold").contains("vector(5000)").contains("p-alerts-cache"));
io.tributary.operator.testing.Conflicts.retry(() -> 
    client.resources(io.tributary.api.v1alpha1.Worker.class).inNamespace(NAMESPACE).withName("p-alerts-cache")
        .edit(w -> {
          w.getSpec().getAutoscaling().setLagThreshold(7000L);
          return w;
        }));
    await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(ruleText("p-alerts-pipeline"))
        .contains("vector(7000)").doesNotContain("vector(5000)"));
  }

  private static String ruleText(String name) {
    GenericKubernetesResource rule = generic(UpstreamKind.PROMETHEUS_RULE, name);
    return rule == null ? "" : String.valueOf(rule.getAdditionalProperties().get("spec"));
  }

  @Test
  void aTopicRemovedFromTheSpecLosesItsKafkaTopicAndWithRetainKeepsTheKafkaTopic() {
    Pipeline pipeline = strimziPipeline("p3");
    var extra = new io.tributary.api.v1alpha1.TopicSpec();
    extra.setName("p3-extra");
    pipeline.getSpec().setTopics(List.of(pipeline.getSpec().getTopics().get(0), extra));
    client.resource(pipeline).create();
    await().atMost(Duration.ofSeconds(20)).until(() -> kafkaTopics("p3").size() == 3);
    List<GenericKubernetesResource> deleted = watchDeletedKafkaTopics();

    cluster.edit(Pipeline.class, "p3", p -> {
      p.getSpec().setTopics(List.of(p.getSpec().getTopics().get(0)));
      return p;
    });

    await().atMost(Duration.ofSeconds(20)).until(() -> kafkaTopics("p3").size() == 2);
    assertThat(kafkaTopics("p3")).extracting(t -> t.getMetadata().getName()).doesNotContain("default.p3-extra");
    // Retain: Strimzi was told to let go of the topic before its KafkaTopic went
    await().atMost(Duration.ofSeconds(20)).untilAsserted(() ->
        assertThat(deleted).singleElement().satisfies(t -> {
          assertThat(t.getMetadata().getName()).isEqualTo("default.p3-extra");
          assertThat(t.getMetadata().getAnnotations()).containsEntry("strimzi.io/managed", "false");
        }));
  }

  /** KafkaTopics as they were when deleted (a watch's DELETED events carry the last state). */
  private static List<GenericKubernetesResource> watchDeletedKafkaTopics() {
    List<GenericKubernetesResource> deleted = new java.util.concurrent.CopyOnWriteArrayList<>();
    client.genericKubernetesResources(UpstreamResources.context(UpstreamKind.KAFKA_TOPIC)).inNamespace(NAMESPACE).watch(
        new io.fabric8.kubernetes.client.Watcher<>() {
          @Override
          public void eventReceived(Action action, GenericKubernetesResource resource) {
            if (action == Action.DELETED) {
              deleted.add(resource);
            }
          }

          @Override
          public void onClose(io.fabric8.kubernetes.client.WatcherException cause) {}
        });
    return deleted;
  }

  @Test
  void deletionWithDeletePolicyDeletesTheKafkaTopics() {
    Pipeline pipeline = strimziPipeline("p4");
    pipeline.getSpec().setTopicDeletionPolicy(TopicDeletionPolicy.DELETE);
    client.resource(pipeline).create();
    await().atMost(Duration.ofSeconds(20)).until(() -> kafkaTopics("p4").size() == 2);
    await().atMost(Duration.ofSeconds(20)).until(() -> pipeline("p4").getMetadata().getFinalizers().size() == 1);
    List<GenericKubernetesResource> deleted = watchDeletedKafkaTopics();

    client.resources(Pipeline.class).inNamespace(NAMESPACE).withName("p4").delete();

    await().atMost(Duration.ofSeconds(20)).until(() -> pipeline("p4") == null);
    assertThat(kafkaTopics("p4")).isEmpty();
    await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertThat(deleted).hasSize(2)
        .allSatisfy(t -> assertThat(t.getMetadata().getAnnotations()).doesNotContainKey("strimzi.io/managed")));
  }

  @Test
  void deletionWithRetainPolicyUnmanagesTheKafkaTopicsFirst() {
    client.resource(strimziPipeline("p5")).create();
    await().atMost(Duration.ofSeconds(20)).until(() -> kafkaTopics("p5").size() == 2);
    await().atMost(Duration.ofSeconds(20)).until(() -> pipeline("p5").getMetadata().getFinalizers().size() == 1);
    List<GenericKubernetesResource> deleted = watchDeletedKafkaTopics();

    client.resources(Pipeline.class).inNamespace(NAMESPACE).withName("p5").delete();

    await().atMost(Duration.ofSeconds(20)).until(() -> pipeline("p5") == null);
    await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertThat(deleted).hasSize(2)
        .allSatisfy(t -> assertThat(t.getMetadata().getAnnotations()).containsEntry("strimzi.io/managed", "false")));
  }

  @Test
  void plainKafkaTopicsGoThroughTheAdminApiAndAreDeletedWithDeletePolicy() {
    client.resource(Fixtures.plainPipeline("p6", "Delete")).create();

    await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
      var topics = cluster.topicAdmin().topics("kafka-0.kafka:9092");
      assertThat(topics).containsKeys("payments", "payments-dead");
      assertThat(topics.get("payments").partitions()).isEqualTo(3);
      assertThat(topics.get("payments").config())
          .containsEntry("retention.ms", "86400000").containsEntry("cleanup.policy", "delete");
      assertThat(pipeline("p6").getStatus().condition("Ready").getStatus()).isEqualTo("True");
    });

    client.resources(Pipeline.class).inNamespace(NAMESPACE).withName("p6").delete();
    await().atMost(Duration.ofSeconds(20)).until(() -> pipeline("p6") == null);
    assertThat(cluster.topicAdmin().topics("kafka-0.kafka:9092")).doesNotContainKeys("payments", "payments-dead");
  }

  @Test
  void aPlainKafkaTopicThatExistedBeforeStaysWithDeletePolicyAndOnlyTheCreatedOneGoes() {
    Pipeline pipeline = Fixtures.plainPipeline("p9", "Delete");
    pipeline.getSpec().getKafka().setBootstrapServers("kafka-9:9092");
    cluster.topicAdmin().preexisting("kafka-9:9092", "payments");
    client.resource(pipeline).create();
    await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
      assertThat(pipeline("p9").getStatus().condition("Ready").getStatus()).isEqualTo("True");
      assertThat(pipeline("p9").getStatus().getCreatedTopics()).containsExactly("payments-dead");
    });

    client.resources(Pipeline.class).inNamespace(NAMESPACE).withName("p9").delete();

    await().atMost(Duration.ofSeconds(20)).until(() -> pipeline("p9") == null);
    assertThat(cluster.topicAdmin().topics("kafka-9:9092")).containsKey("payments").doesNotContainKey("payments-dead");
  }

  @Test
  void theNetworkPolicyIsOwnedFollowsTheHttpProducersIsPutBackAfterADeletionAndGoesWhenDisabled() {
    Pipeline created = client.resource(Fixtures.plainPipeline("np1", "Retain")).create();
    await().atMost(Duration.ofSeconds(20)).until(() -> networkPolicy("np1-pipeline") != null);
    var policy = networkPolicy("np1-pipeline");
    assertThat(policy.getMetadata().getOwnerReferences()).singleElement().satisfies(ref -> {
      assertThat(ref.getUid()).isEqualTo(created.getMetadata().getUid());
      assertThat(ref.getController()).isTrue();
    });
    assertThat(policy.getSpec().getPodSelector().getMatchLabels()).containsEntry("tributary.io/pipeline", "np1");
    assertThat(policy.getSpec().getIngress()).as("metrics only, no http Producer yet").hasSize(1);

    client.resource(Fixtures.httpProducer("np1-api", "np1")).create();
    await().atMost(Duration.ofSeconds(20)).untilAsserted(() ->
        assertThat(networkPolicy("np1-pipeline").getSpec().getIngress()).hasSize(2)
            .first().satisfies(rule -> assertThat(rule.getPorts()).singleElement()
                .satisfies(port -> assertThat(port.getPort().getStrVal()).as("by name").isEqualTo("http"))));

    // drift: deleted by hand, put back by the next reconciliation (here brought by a Producer change)
    client.network().v1().networkPolicies().inNamespace(NAMESPACE).withName("np1-pipeline").delete();
    cluster.edit(Producer.class, "np1-api", p -> {
      p.getSpec().getSource().getHttp().setPort(8088);
      return p;
    });
    await().atMost(Duration.ofSeconds(20)).untilAsserted(() ->
        assertThat(networkPolicy("np1-pipeline")).as("put back").isNotNull()
            .satisfies(p -> assertThat(p.getSpec().getIngress().get(0).getPorts()).singleElement()
                .satisfies(port -> assertThat(port.getPort().getStrVal()).isEqualTo("http"))));

    cluster.edit(Pipeline.class, "np1", p -> {
      p.getSpec().setNetworkPolicy(new io.tributary.api.v1alpha1.NetworkPolicySettings());
      p.getSpec().getNetworkPolicy().setEnabled(false);
      return p;
    });
    await().atMost(Duration.ofSeconds(20)).until(() -> networkPolicy("np1-pipeline") == null);
  }

  private static io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy networkPolicy(String name) {
    return client.network().v1().networkPolicies().inNamespace(NAMESPACE).withName(name).get();
  }

  @Test
  void aForeignDashboardConfigMapOfTheSameNameIsLeftAloneAndThePipelineSaysWhoseItIs() {
    var foreign = new io.fabric8.kubernetes.api.model.ConfigMapBuilder().withNewMetadata()
        .withName("p10-pipeline-dashboard").withNamespace(NAMESPACE).endMetadata()
        .withData(Map.of("mine.json", "{}")).build();
    client.resource(foreign).create();

    client.resource(strimziPipeline("p10")).create();

    await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
      var ready = pipeline("p10").getStatus().condition("Ready");
      assertThat(ready.getStatus()).isEqualTo("False");
      assertThat(ready.getReason()).isEqualTo("OwnershipConflict");
      assertThat(ready.getMessage())
          .contains("ConfigMap default/p10-pipeline-dashboard exists and was not created by Tributary");
    });
    var live = client.configMaps().inNamespace(NAMESPACE).withName("p10-pipeline-dashboard").get();
    assertThat(live.getData()).isEqualTo(Map.of("mine.json", "{}"));
    assertThat(live.getMetadata().getAnnotations()).isNullOrEmpty();
    assertThat(live.getMetadata().getOwnerReferences()).isNullOrEmpty();
  }

  @Test
  void plainKafkaTopicsStayWithRetainPolicyAndKafkaDownIsReported() throws Exception {
    Pipeline pipeline = Fixtures.plainPipeline("p7", "Retain");
    pipeline.getSpec().getKafka().setBootstrapServers("kafka-7:9092");
    cluster.topicAdmin().unavailable(true);
    try {
      client.resource(pipeline).create();
      await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
        var ready = pipeline("p7").getStatus().condition("Ready");
        assertThat(ready.getReason()).isEqualTo("KafkaUnavailable");
        assertThat(ready.getMessage()).startsWith("spec.kafka.bootstrapServers: cannot manage topics at kafka-7:9092");
      });
    } finally {
      cluster.topicAdmin().unavailable(false);
    }
    await().atMost(Duration.ofSeconds(40)).until(() -> cluster.topicAdmin().topics("kafka-7:9092").containsKey("payments"));

    client.resources(Pipeline.class).inNamespace(NAMESPACE).withName("p7").delete();
    await().atMost(Duration.ofSeconds(20)).until(() -> pipeline("p7") == null);
    assertThat(cluster.topicAdmin().topics("kafka-7:9092")).containsKeys("payments", "payments-dead");
  }

  @Test
  void theDashboardAlsoGoesToTheGrafanaOperatorAndGoesAwayWhenDisabled() throws Exception {
    Pipeline pipeline = strimziPipeline("p8");
    var dashboard = new io.tributary.api.v1alpha1.DashboardSettings();
    dashboard.setGrafanaInstanceLabels(Map.of("grafana", "central"));
    pipeline.getSpec().getMonitoring().setDashboard(dashboard);
    client.resource(pipeline).create();

    await().atMost(Duration.ofSeconds(20)).until(() -> generic(UpstreamKind.GRAFANA_DASHBOARD, "p8-pipeline") != null);
    GenericKubernetesResource grafana = generic(UpstreamKind.GRAFANA_DASHBOARD, "p8-pipeline");
    assertThat(grafana.getMetadata().getLabels()).containsEntry("tributary.io/pipeline", "p8");
    assertThat(grafana.getMetadata().getOwnerReferences()).extracting(r -> r.getKind()).containsExactly("Pipeline");
    assertThat(spec(grafana)).containsEntry("instanceSelector", Map.of("matchLabels", Map.of("grafana", "central")))
        .containsEntry("allowCrossNamespaceImport", true);
    String configMapJson = client.configMaps().inNamespace(NAMESPACE).withName("p8-pipeline-dashboard").get()
        .getData().values().iterator().next();
    var json = new com.fasterxml.jackson.databind.ObjectMapper().readTree((String) spec(grafana).get("json"));
    assertThat(json).as("the same dashboard as the sidecar's ConfigMap")
        .isEqualTo(new com.fasterxml.jackson.databind.ObjectMapper().readTree(configMapJson));
    assertThat(json.path("title").asText()).isEqualTo("Tributary pipeline " + NAMESPACE + "/p8");
    await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
      var monitoring = pipeline("p8").getStatus().condition("Monitoring");
      assertThat(monitoring.getStatus()).isEqualTo("True");
      assertThat(monitoring.getMessage()).contains("GrafanaDashboard p8-pipeline");
    });

    cluster.edit(Pipeline.class, "p8", p -> {
      p.getSpec().getMonitoring().getDashboard().setEnabled(false);
      return p;
    });
    await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
      assertThat(generic(UpstreamKind.GRAFANA_DASHBOARD, "p8-pipeline")).isNull();
      assertThat(client.configMaps().inNamespace(NAMESPACE).withName("p8-pipeline-dashboard").get()).isNull();
    });
  }

  /**
   * A Strimzi Pipeline with a topic of its own ({@code <name>-stream}): Pipelines of one Strimzi
   * cluster cannot share a topic (the second would be Ready=False with an ownership conflict).
   */
  private static Pipeline strimziPipeline(String name) {
    Pipeline pipeline = Fixtures.strimziPipeline(name);
    pipeline.getSpec().getTopics().get(0).setName(name + "-stream");
    return pipeline;
  }

  private static Pipeline pipeline(String name) {
    return client.resources(Pipeline.class).inNamespace(NAMESPACE).withName(name).get();
  }

  private static List<GenericKubernetesResource> kafkaTopics(String pipeline) {
    return client.genericKubernetesResources(UpstreamResources.context(UpstreamKind.KAFKA_TOPIC)).inNamespace(NAMESPACE)
        .withLabel("tributary.io/pipeline", pipeline).list().getItems();
  }

  private static GenericKubernetesResource kafkaTopic(String name) {
    return generic(UpstreamKind.KAFKA_TOPIC, name);
  }

  private static GenericKubernetesResource generic(UpstreamKind kind, String name) {
    return client.genericKubernetesResources(UpstreamResources.context(kind)).inNamespace(NAMESPACE).withName(name).get();
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> spec(GenericKubernetesResource r) {
    return (Map<String, Object>) r.getAdditionalProperties().get("spec");
  }
}
