package io.tributary.operator.kube;

import io.tributary.operator.reconciler.UpstreamResources;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.MixedOperation;
import io.fabric8.kubernetes.client.dsl.Resource;
import io.fabric8.kubernetes.api.model.GenericKubernetesResourceList;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.tributary.api.v1alpha1.Pipeline;
import io.tributary.operator.model.UpstreamKind;
import io.tributary.operator.sandbox.kube.LocalControlPlane;
import io.tributary.operator.testing.kube.ClusterCrds;
import io.tributary.operator.testing.kube.OperatorOnCluster;
import io.tributary.operator.testing.kube.RealControlPlane;
import io.tributary.operator.testing.kube.TestNamespace;
import io.tributary.runtime.embedded.EmbeddedKafkaBroker;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.NewTopic;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Ownership on a real API server (DESIGN "Ownership"): Pipelines named alike in two namespaces
 * whose KafkaTopics share one Strimzi namespace keep each other's; a KafkaTopic or ConfigMap the
 * operator did not create is left as it is and the Pipeline says {@code Ready=False} naming it; a
 * second Pipeline wanting the same Kafka topic is told whose it is; with plain Kafka a topic that
 * existed before the Pipeline survives {@code topicDeletionPolicy: Delete}.
 */
@RealControlPlane
class TopicOwnershipIT {
  private static final String REDIS = "redis://redis.invalid:6379/0";
  private static final Duration CONVERGED = Duration.ofSeconds(60);

  @BeforeEach
  void crds(LocalControlPlane plane) {
    ClusterCrds.installAll(plane);
  }

  /** Pipeline "orders" of {@code namespace}, KafkaTopics in {@code kafkaNamespace}. */
  private static Pipeline pipeline(String namespace, String kafkaNamespace, String topic, String policy) {
    return Serialization.unmarshal("""
        apiVersion: tributary.io/v1alpha1
        kind: Pipeline
        metadata: {name: orders, namespace: %s}
        spec:
          kafka:
            strimzi: {cluster: my-cluster, namespace: %s, listener: plain}
          redis: {url: "%s"}
          topics:
            - {name: %s, partitions: 1, replicas: 1}
          deadLetter: {topic: %s.dlq}
          topicDeletionPolicy: %s
        """.formatted(namespace, kafkaNamespace, REDIS, topic, topic, policy), Pipeline.class);
  }

  @Test
  void sameNamedPipelinesOfTwoNamespacesSharingAStrimziNamespaceKeepEachOthersKafkaTopics(LocalControlPlane plane,
      TestNamespace namespace) {
    String a = namespace.name();
    String b = namespace.name() + "-b";
    String kafka = namespace.name() + "-kafka";
    try (OperatorOnCluster operator = OperatorOnCluster.start(plane.clientAs("tributary-operator"));
        KubernetesClient admin = plane.adminClient()) {
      createNamespaces(admin, b, kafka);
      try {
        admin.resource(pipeline(a, kafka, "a-orders", "Delete")).create();
        admin.resource(pipeline(b, kafka, "b-orders", "Delete")).create();
        await("four KafkaTopics in " + kafka).atMost(CONVERGED).until(() -> names(admin, kafka).equals(Set.of(
            a + ".a-orders", a + ".a-orders.dlq", b + ".b-orders", b + ".b-orders.dlq")));
        Map<String, String> uidsOfB = uids(admin, kafka, b);
        assertThat(uidsOfB).hasSize(2);

        admin.resources(Pipeline.class).inNamespace(a).withName("orders").delete();

        await("Pipeline " + a + "/orders gone").atMost(CONVERGED)
            .until(() -> admin.resources(Pipeline.class).inNamespace(a).withName("orders").get() == null);
        await("its KafkaTopics gone").atMost(CONVERGED)
            .until(() -> names(admin, kafka).equals(Set.of(b + ".b-orders", b + ".b-orders.dlq")));
        // the very same objects: never deleted (and made again) on the way
        assertThat(uids(admin, kafka, b)).isEqualTo(uidsOfB);
        assertThat(kafkaTopics(admin, kafka).list().getItems())
            .allSatisfy(t -> assertThat(t.getMetadata().getDeletionTimestamp()).isNull());
      } finally {
        deleteNamespaces(admin, b, kafka);
      }
    }
  }

  @Test
  void aForeignKafkaTopicAndConfigMapOfTheWantedNamesAreLeftUntouchedAndThePipelineSaysWhoseTheyAre(
      LocalControlPlane plane, TestNamespace namespace) {
    String a = namespace.name();
    String kafka = namespace.name() + "-kafka";
    try (OperatorOnCluster operator = OperatorOnCluster.start(plane.clientAs("tributary-operator"));
        KubernetesClient admin = plane.adminClient()) {
      createNamespaces(admin, kafka);
      try {
        GenericKubernetesResource handMadeTopic = kafkaTopics(admin, kafka).resource(Serialization.unmarshal("""
            apiVersion: kafka.strimzi.io/v1
            kind: KafkaTopic
            metadata: {name: shared, labels: {strimzi.io/cluster: my-cluster}}
            spec: {partitions: 12, replicas: 1, config: {retention.ms: 1000}}
            """, GenericKubernetesResource.class)).create();
        ConfigMap handMadeDashboard = admin.resource(new ConfigMapBuilder().withNewMetadata()
            .withName("orders-pipeline-dashboard").withNamespace(a).endMetadata()
            .withData(Map.of("someone-elses.json", "{}")).build()).create();

        admin.resource(pipeline(a, kafka, "shared", "Delete")).create();

        await("Ready=False naming both").atMost(CONVERGED).untilAsserted(() -> {
          var ready = admin.resources(Pipeline.class).inNamespace(a).withName("orders").get().getStatus()
              .condition("Ready");
          assertThat(ready.getStatus()).isEqualTo("False");
          assertThat(ready.getReason()).isEqualTo("OwnershipConflict");
          assertThat(ready.getMessage())
              .contains("KafkaTopic " + kafka + "/shared exists and was not created by Tributary")
              .contains("ConfigMap " + a + "/orders-pipeline-dashboard exists and was not created by Tributary");
        });
        assertThat(kafkaTopics(admin, kafka).withName("shared").get().getMetadata().getResourceVersion())
            .isEqualTo(handMadeTopic.getMetadata().getResourceVersion());
        assertThat(admin.configMaps().inNamespace(a).withName("orders-pipeline-dashboard").get().getMetadata()
            .getResourceVersion()).isEqualTo(handMadeDashboard.getMetadata().getResourceVersion());
        // all or nothing: not even the dead-letter topic, which nobody was in the way of
        assertThat(names(admin, kafka)).containsExactly("shared");

        admin.resources(Pipeline.class).inNamespace(a).withName("orders").delete();
        await("Pipeline gone").atMost(CONVERGED)
            .until(() -> admin.resources(Pipeline.class).inNamespace(a).withName("orders").get() == null);
        assertThat(kafkaTopics(admin, kafka).withName("shared").get().getMetadata().getResourceVersion())
            .isEqualTo(handMadeTopic.getMetadata().getResourceVersion());
      } finally {
        deleteNamespaces(admin, kafka);
      }
    }
  }

  @Test
  void aSecondPipelineWantingTheSameKafkaTopicIsToldWhoseItIsAndTheFirstKeepsIt(LocalControlPlane plane,
      TestNamespace namespace) {
    String a = namespace.name();
    String b = namespace.name() + "-b";
    String kafka = namespace.name() + "-kafka";
    try (OperatorOnCluster operator = OperatorOnCluster.start(plane.clientAs("tributary-operator"));
        KubernetesClient admin = plane.adminClient()) {
      createNamespaces(admin, b, kafka);
      try {
        Pipeline first = admin.resource(pipeline(a, kafka, "orders", "Delete")).create();
        await("the first Pipeline's KafkaTopics").atMost(CONVERGED).until(() -> names(admin, kafka).size() == 2);
        Map<String, String> uidsOfA = uids(admin, kafka, a);

        admin.resource(pipeline(b, kafka, "orders", "Delete")).create();

        await("the second is Ready=False naming the first").atMost(CONVERGED).untilAsserted(() -> {
          var ready = admin.resources(Pipeline.class).inNamespace(b).withName("orders").get().getStatus()
              .condition("Ready");
          assertThat(ready.getReason()).isEqualTo("OwnershipConflict");
          assertThat(ready.getMessage()).contains("KafkaTopic " + kafka + "/" + a + ".orders exists and belongs to"
              + " Pipeline " + a + "/orders (uid " + first.getMetadata().getUid() + ")");
        });
        assertThat(names(admin, kafka)).containsExactlyInAnyOrder(a + ".orders", a + ".orders.dlq");

        admin.resources(Pipeline.class).inNamespace(b).withName("orders").delete();
        await("the second gone").atMost(CONVERGED)
            .until(() -> admin.resources(Pipeline.class).inNamespace(b).withName("orders").get() == null);
        assertThat(uids(admin, kafka, a)).isEqualTo(uidsOfA);
      } finally {
        deleteNamespaces(admin, b, kafka);
      }
    }
  }

  @Test
  void withPlainKafkaATopicThatExistedBeforeSurvivesDeleteAndOnlyTheCreatedOneGoes(LocalControlPlane plane,
      TestNamespace namespace) throws Exception {
    Components components = new Components(namespace.name());
    try (EmbeddedKafkaBroker kafka = EmbeddedKafkaBroker.start();
        OperatorOnCluster operator = OperatorOnCluster.start(plane.clientAs("tributary-operator"));
        KubernetesClient user = plane.clientAs("gitops-controller")) {
      try (var admin = kafka.admin()) {
        admin.createTopics(List.of(new NewTopic(Components.TOPIC, 1, (short) 1))).all().get();
      }
      user.resource(components.pipeline(kafka.bootstrapServers(), REDIS, "Delete")).create();
      String dlq = Components.PIPELINE + ".dlq";
      await("Ready, having created only the dead-letter topic").atMost(CONVERGED).untilAsserted(() -> {
        Pipeline p = user.resources(Pipeline.class).inNamespace(namespace.name()).withName(Components.PIPELINE).get();
        assertThat(p.getStatus().condition("Ready").getStatus()).isEqualTo("True");
        assertThat(p.getStatus().getCreatedTopics()).containsExactly(dlq);
      });

      user.resources(Pipeline.class).inNamespace(namespace.name()).withName(Components.PIPELINE).delete();

      await("Pipeline gone").atMost(CONVERGED).until(() ->
          user.resources(Pipeline.class).inNamespace(namespace.name()).withName(Components.PIPELINE).get() == null);
      Set<String> topics = GarbageCollectionIT.topics(kafka);
      assertThat(topics).contains(Components.TOPIC).doesNotContain(dlq);
      assertThat(user.v1().events().inNamespace(namespace.name()).list().getItems())
          .anySatisfy(e -> {
            assertThat(e.getReason()).isEqualTo("TopicsKept");
            assertThat(e.getMessage()).contains(Components.TOPIC, "not created by this Pipeline");
          });
    }
  }

  private static MixedOperation<GenericKubernetesResource, GenericKubernetesResourceList,
      Resource<GenericKubernetesResource>> kafkaTopicsOp(KubernetesClient client) {
    return client.genericKubernetesResources(UpstreamResources.context(UpstreamKind.KAFKA_TOPIC));
  }

  private static io.fabric8.kubernetes.client.dsl.NonNamespaceOperation<GenericKubernetesResource,
      GenericKubernetesResourceList, Resource<GenericKubernetesResource>> kafkaTopics(KubernetesClient client,
      String namespace) {
    return kafkaTopicsOp(client).inNamespace(namespace);
  }

  private static Set<String> names(KubernetesClient client, String namespace) {
    return kafkaTopics(client, namespace).list().getItems().stream().map(t -> t.getMetadata().getName())
        .collect(Collectors.toSet());
  }

  /** name -> uid of the KafkaTopics of the Pipeline of {@code pipelineNamespace}. */
  private static Map<String, String> uids(KubernetesClient client, String namespace, String pipelineNamespace) {
    return kafkaTopics(client, namespace).list().getItems().stream()
        .filter(t -> t.getMetadata().getName().startsWith(pipelineNamespace + "."))
        .collect(Collectors.toMap(t -> t.getMetadata().getName(), t -> t.getMetadata().getUid()));
  }

  private static void createNamespaces(KubernetesClient admin, String... names) {
    for (String name : names) {
      admin.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName(name).endMetadata().build())
          .create();
    }
  }

  private static void deleteNamespaces(KubernetesClient admin, String... names) {
    for (String name : names) {
      admin.namespaces().withName(name).delete();
    }
  }
}
