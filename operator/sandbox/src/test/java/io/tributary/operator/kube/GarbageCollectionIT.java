package io.tributary.operator.kube;

import io.tributary.operator.reconciler.UpstreamResources;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.tributary.api.v1alpha1.EtlSchedule;
import io.tributary.api.v1alpha1.Pipeline;
import io.tributary.api.v1alpha1.Producer;
import io.tributary.api.v1alpha1.Worker;
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
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Deleting a Tributary resource on a real cluster: the children of a Producer, Worker or
 * EtlSchedule go by garbage collection (their owner references, collected by
 * kube-controller-manager), and a Pipeline's finalizer honours {@code topicDeletionPolicy} — the
 * topics leave the broker (plain Kafka) or the KafkaTopics go (Strimzi), marked so that Strimzi
 * keeps the Kafka topic when the policy is {@code Retain}.
 */
@RealControlPlane
class GarbageCollectionIT {
  private static final String REDIS = "redis://redis.invalid:6379/0";
  private static final Duration GONE = Duration.ofSeconds(60);
  /** Strimzi's topic operator puts this finalizer on every KafkaTopic it manages. */
  private static final String STRIMZI_FINALIZER = "strimzi.io/topic-operator";

  @BeforeEach
  void crds(LocalControlPlane plane) {
    ClusterCrds.installAll(plane);
  }

  @Test
  void deletingAProducerWorkerOrEtlScheduleCollectsItsChildren(LocalControlPlane plane, TestNamespace namespace)
      throws Exception {
    Components components = new Components(namespace.name());
    try (EmbeddedKafkaBroker kafka = EmbeddedKafkaBroker.start();
        OperatorOnCluster operator = OperatorOnCluster.start(plane.clientAs("tributary-operator"));
        KubernetesClient user = plane.clientAs("gitops-controller")) {
      user.resource(components.pipeline(kafka.bootstrapServers(), REDIS, "Retain")).create();
      Components.create(user, components.usersOfThePipeline());
      await("the children of the Producer, Worker and EtlSchedule").atMost(GONE)
          .until(() -> components.children(user).size() == Components.CHILD_COUNT);
      List<HasMetadata> children = components.children(user);
      assertThat(children).allSatisfy(GarbageCollectionIT::controlledByOneOwnerThatBlocksItsDeletion);

      for (var owner : List.of(
          Map.entry(Producer.class, Components.PRODUCER),
          Map.entry(Worker.class, Components.WORKER),
          Map.entry(EtlSchedule.class, Components.ETL))) {
        String kind = owner.getKey().getSimpleName();
        assertThat(Components.ownedBy(components.children(user), kind, owner.getValue())).isNotEmpty();
        int othersBefore = components.children(user).size()
            - Components.ownedBy(components.children(user), kind, owner.getValue()).size();

        user.resources(owner.getKey()).inNamespace(namespace.name()).withName(owner.getValue()).delete();

        await(kind + " " + owner.getValue() + " and its children gone").atMost(GONE).untilAsserted(() -> {
          assertThat(user.resources(owner.getKey()).inNamespace(namespace.name()).withName(owner.getValue()).get())
              .isNull();
          assertThat(Components.describe(Components.ownedBy(components.children(user), kind, owner.getValue())))
              .isEmpty();
        });
        // only its own children: the rest stays
        assertThat(components.children(user)).hasSize(othersBefore);
      }
    }
  }

  @Test
  void aPipelineWithTopicDeletionPolicyDeleteTakesItsTopicsFromTheBroker(LocalControlPlane plane, TestNamespace namespace)
      throws Exception {
    Components components = new Components(namespace.name());
    try (EmbeddedKafkaBroker kafka = EmbeddedKafkaBroker.start();
        OperatorOnCluster operator = OperatorOnCluster.start(plane.clientAs("tributary-operator"));
        KubernetesClient user = plane.clientAs("gitops-controller")) {
      user.resource(components.pipeline(kafka.bootstrapServers(), REDIS, "Delete")).create();
      await("topics created in Kafka").atMost(GONE).until(() -> topics(kafka).containsAll(pipelineTopics()));
      await("the finalizer is on").atMost(GONE).until(() -> !pipeline(user, namespace).getMetadata().getFinalizers().isEmpty());

      user.resource(pipeline(user, namespace)).delete();

      await("Pipeline gone").atMost(GONE).until(() -> pipeline(user, namespace) == null);
      assertThat(topics(kafka)).doesNotContainAnyElementsOf(pipelineTopics());
      assertThat(user.v1().events().inNamespace(namespace.name()).list().getItems())
          .anySatisfy(e -> {
            assertThat(e.getReason()).isEqualTo("TopicsDeleted");
            assertThat(e.getMessage()).contains(Components.TOPIC);
          });
    }
  }

  @Test
  void aStrimziPipelineWithDeleteTakesItsKafkaTopicsAndLeavesThemToStrimzi(LocalControlPlane plane,
      TestNamespace namespace) {
    GenericKubernetesResource deleted = deleteStrimziPipeline(plane, namespace, "Delete");
    // Strimzi's topic operator sees a managed KafkaTopic go and deletes the Kafka topic
    assertThat(deleted.getMetadata().getAnnotations()).doesNotContainEntry("strimzi.io/managed", "false");
  }

  @Test
  void aStrimziPipelineWithRetainTakesItsKafkaTopicsButTellsStrimziToKeepTheTopics(LocalControlPlane plane,
      TestNamespace namespace) {
    GenericKubernetesResource deleted = deleteStrimziPipeline(plane, namespace, "Retain");
    assertThat(deleted.getMetadata().getAnnotations()).containsEntry("strimzi.io/managed", "false");
  }

  /**
   * Deletes a Strimzi Pipeline whose KafkaTopics carry the topic operator's finalizer (as in a
   * cluster with Strimzi), and returns the KafkaTopic as it was when its deletion was requested.
   */
  private static GenericKubernetesResource deleteStrimziPipeline(LocalControlPlane plane, TestNamespace namespace,
      String policy) {
    Components components = new Components(namespace.name());
    try (OperatorOnCluster operator = OperatorOnCluster.start(plane.clientAs("tributary-operator"));
        KubernetesClient user = plane.clientAs("gitops-controller");
        KubernetesClient strimzi = plane.adminClient()) {
      user.resource(components.strimziPipeline(REDIS, policy)).create();
      await("KafkaTopics created").atMost(GONE).until(() -> kafkaTopics(strimzi, namespace).size() == 2);
      for (GenericKubernetesResource topic : kafkaTopics(strimzi, namespace)) {
        io.tributary.operator.testing.Conflicts.retry(() -> strimzi.resource(strimzi.resource(topic).get()).edit(t -> {
          t.getMetadata().getFinalizers().add(STRIMZI_FINALIZER);
          return t;
        }));
      }
      await("the finalizer is on").atMost(GONE).until(() -> !pipeline(user, namespace).getMetadata().getFinalizers().isEmpty());

      user.resource(pipeline(user, namespace)).delete();

      await("Pipeline gone").atMost(GONE).until(() -> pipeline(user, namespace) == null);
      await("KafkaTopics being deleted").atMost(GONE).until(() -> kafkaTopics(strimzi, namespace).stream()
          .allMatch(t -> t.getMetadata().getDeletionTimestamp() != null));
      List<GenericKubernetesResource> deleting = kafkaTopics(strimzi, namespace);
      assertThat(deleting).hasSize(2);
      for (GenericKubernetesResource topic : deleting) {
        io.tributary.operator.testing.Conflicts.retry(() -> strimzi.resource(strimzi.resource(topic).get()).edit(t -> {
          t.getMetadata().getFinalizers().remove(STRIMZI_FINALIZER);
          return t;
        }));
      }
      await("KafkaTopics gone").atMost(GONE).until(() -> kafkaTopics(strimzi, namespace).isEmpty());
      return deleting.get(0);
    }
  }

  private static void controlledByOneOwnerThatBlocksItsDeletion(HasMetadata child) {
    List<OwnerReference> refs = child.getMetadata().getOwnerReferences();
    assertThat(refs).as("owner references of %s", child.getMetadata().getName()).hasSize(1);
    assertThat(refs.get(0).getController()).isTrue();
    assertThat(refs.get(0).getBlockOwnerDeletion()).isTrue();
    assertThat(refs.get(0).getApiVersion()).isEqualTo("tributary.io/v1alpha1");
    assertThat(refs.get(0).getUid()).isNotBlank();
  }

  private static Pipeline pipeline(KubernetesClient client, TestNamespace namespace) {
    return client.resources(Pipeline.class).inNamespace(namespace.name()).withName(Components.PIPELINE).get();
  }

  private static List<GenericKubernetesResource> kafkaTopics(KubernetesClient client, TestNamespace namespace) {
    return client.genericKubernetesResources(UpstreamResources.context(UpstreamKind.KAFKA_TOPIC)).inNamespace(namespace.name())
        .list().getItems();
  }

  static Set<String> pipelineTopics() {
    return Set.of(Components.TOPIC, Components.PIPELINE + ".dlq");
  }

  static Set<String> topics(EmbeddedKafkaBroker kafka) throws Exception {
    try (var admin = kafka.admin()) {
      return admin.listTopics().names().get(10, TimeUnit.SECONDS);
    }
  }
}
