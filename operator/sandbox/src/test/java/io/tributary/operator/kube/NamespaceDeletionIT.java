package io.tributary.operator.kube;

import io.tributary.operator.reconciler.UpstreamResources;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.tributary.api.v1alpha1.Pipeline;
import io.tributary.operator.config.OperatorSettings;
import io.tributary.operator.model.UpstreamKind;
import io.tributary.operator.sandbox.kube.LocalControlPlane;
import io.tributary.operator.testing.kube.ClusterCrds;
import io.tributary.operator.testing.kube.OperatorOnCluster;
import io.tributary.operator.testing.kube.RealControlPlane;
import io.tributary.operator.testing.kube.TestNamespace;
import io.tributary.runtime.embedded.EmbeddedKafkaBroker;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * {@code kubectl delete namespace} with all four kinds in it finishes — nothing stays
 * {@code Terminating} — also when what the Pipeline's finalizer needs is gone: the Kafka
 * credentials Secret or the Redis Secret deleted first, or Kafka unreachable. A finalizer that
 * cannot clean up gives up after {@code TRIBUTARY_FINALIZER_TIMEOUT_SECONDS} (short here) with a
 * Warning Event.
 */
@RealControlPlane
class NamespaceDeletionIT {
  private static final Duration FINALIZER_TIMEOUT = Duration.ofSeconds(20);
  /** One failing cleanup attempt waits up to 15 s for Kafka; then the namespace controller's own pace. */
  private static final Duration NAMESPACE_GONE = FINALIZER_TIMEOUT.plusSeconds(90);
  private static final Duration CONVERGED = Duration.ofSeconds(60);
  private static final String REDIS = "redis://redis.invalid:6379/0";

  @BeforeEach
  void crds(LocalControlPlane plane) {
    ClusterCrds.installAll(plane);
  }

  @Test
  void aNamespaceWithAllFourKindsGoesAndThePipelineTakesItsTopics(LocalControlPlane plane, TestNamespace namespace)
      throws Exception {
    Components components = new Components(namespace.name());
    try (EmbeddedKafkaBroker kafka = EmbeddedKafkaBroker.start(); OperatorOnCluster operator = operator(plane);
        KubernetesClient user = plane.clientAs("gitops-controller")) {
      create(user, components, components.pipeline(kafka.bootstrapServers(), REDIS, "Delete"));
      await("topics created in Kafka").atMost(CONVERGED)
          .until(() -> GarbageCollectionIT.topics(kafka).containsAll(GarbageCollectionIT.pipelineTopics()));
      // Delete takes only the topics the Pipeline recorded as its own (status.createdTopics), so
      // the deletion waits for that record, as a user waits for a Pipeline to settle
      await("the Pipeline recorded the topics it created").atMost(CONVERGED).until(() -> {
        Pipeline pipeline = user.resources(Pipeline.class).inNamespace(namespace.name()).withName(Components.PIPELINE).get();
        return pipeline.getStatus() != null && pipeline.getStatus().getCreatedTopics() != null
            && pipeline.getStatus().getCreatedTopics().containsAll(GarbageCollectionIT.pipelineTopics());
      });

      deleteNamespaceAndAwaitItGone(user, namespace);

      assertThat(GarbageCollectionIT.topics(kafka)).doesNotContainAnyElementsOf(GarbageCollectionIT.pipelineTopics());
    }
  }

  @Test
  void aNamespaceGoesWithAStrimziPipelineWhoseKafkaTopicsLiveInTheKafkaNamespace(LocalControlPlane plane,
      TestNamespace namespace) {
    Components components = new Components(namespace.name());
    String kafkaNamespace = namespace.name() + "-kafka";
    try (OperatorOnCluster operator = operator(plane); KubernetesClient user = plane.clientAs("gitops-controller");
        KubernetesClient admin = plane.adminClient()) {
      admin.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName(kafkaNamespace).endMetadata()
          .build()).create();
      try {
        create(user, components, components.strimziPipeline(REDIS, "Delete", kafkaNamespace));
        var kafkaTopics = admin.genericKubernetesResources(UpstreamResources.context(UpstreamKind.KAFKA_TOPIC)).inNamespace(kafkaNamespace);
        await("KafkaTopics in " + kafkaNamespace).atMost(CONVERGED).until(() -> kafkaTopics.list().getItems().size() == 2);
        // another namespace: no owner reference can reach them, only the finalizer
        assertThat(kafkaTopics.list().getItems()).allSatisfy(t -> assertThat(t.getMetadata().getOwnerReferences()).isEmpty());

        deleteNamespaceAndAwaitItGone(user, namespace);

        assertThat(kafkaTopics.list().getItems()).isEmpty();
      } finally {
        admin.namespaces().withName(kafkaNamespace).delete();
      }
    }
  }

  @Test
  void aNamespaceGoesWhenTheKafkaCredentialsSecretWasDeletedFirst(LocalControlPlane plane, TestNamespace namespace) {
    Components components = new Components(namespace.name());
    try (EmbeddedKafkaBroker kafka = EmbeddedKafkaBroker.start(); OperatorOnCluster operator = operator(plane);
        KubernetesClient user = plane.clientAs("gitops-controller")) {
      user.resource(new SecretBuilder().withNewMetadata().withName("kafka-user").withNamespace(namespace.name()).addToLabels(io.tributary.api.v1alpha1.TributaryApi.USABLE_BY_PIPELINES_LABEL, io.tributary.api.v1alpha1.TributaryApi.USABLE_BY_PIPELINES_VALUE)
          .endMetadata().withStringData(Map.of("password", "s3cret")).build()).create();
      create(user, components, components.pipelineWith(
          "{bootstrapServers: \"" + kafka.bootstrapServers() + "\", authentication: {type: scram-sha-512,"
              + " secretRef: {name: kafka-user}}}",
          "{url: \"" + REDIS + "\"}", "Delete"));

      user.secrets().inNamespace(namespace.name()).withName("kafka-user").delete();
      await("Secret gone").atMost(CONVERGED)
          .until(() -> user.secrets().inNamespace(namespace.name()).withName("kafka-user").get() == null);
      deleteNamespaceAndAwaitItGone(user, namespace);
    }
  }

  @Test
  void aNamespaceGoesWhenTheRedisSecretWasDeletedFirst(LocalControlPlane plane, TestNamespace namespace) {
    Components components = new Components(namespace.name());
    try (EmbeddedKafkaBroker kafka = EmbeddedKafkaBroker.start(); OperatorOnCluster operator = operator(plane);
        KubernetesClient user = plane.clientAs("gitops-controller")) {
      user.resource(new SecretBuilder().withNewMetadata().withName("redis").withNamespace(namespace.name()).addToLabels(io.tributary.api.v1alpha1.TributaryApi.USABLE_BY_PIPELINES_LABEL, io.tributary.api.v1alpha1.TributaryApi.USABLE_BY_PIPELINES_VALUE)
          .endMetadata().withStringData(Map.of("url", REDIS)).build()).create();
      create(user, components, components.pipelineWith("{bootstrapServers: \"" + kafka.bootstrapServers() + "\"}",
          "{urlSecretRef: {name: redis, key: url}}", "Delete"));

      user.secrets().inNamespace(namespace.name()).withName("redis").delete();
      deleteNamespaceAndAwaitItGone(user, namespace);
    }
  }

  @Test
  void aNamespaceGoesWhenKafkaIsUnreachable(LocalControlPlane plane, TestNamespace namespace) {
    Components components = new Components(namespace.name());
    try (EmbeddedKafkaBroker kafka = EmbeddedKafkaBroker.start(); OperatorOnCluster operator = operator(plane);
        KubernetesClient user = plane.clientAs("gitops-controller")) {
      create(user, components, components.pipeline(kafka.bootstrapServers(), REDIS, "Delete"));
      awaitTopicsReady(user, namespace);

      kafka.stop();
      deleteNamespaceAndAwaitItGone(user, namespace);
    }
  }

  @Test
  void aFinalizerThatCannotCleanUpGivesUpAfterTheTimeoutWithAnEvent(LocalControlPlane plane, TestNamespace namespace) {
    Components components = new Components(namespace.name());
    try (EmbeddedKafkaBroker kafka = EmbeddedKafkaBroker.start(); OperatorOnCluster operator = operator(plane);
        KubernetesClient user = plane.clientAs("gitops-controller")) {
      user.resource(components.pipeline(kafka.bootstrapServers(), REDIS, "Delete")).create();
      awaitTopicsReady(user, namespace);
      kafka.stop();

      Instant deleted = Instant.now();
      user.resources(Pipeline.class).inNamespace(namespace.name()).withName(Components.PIPELINE).delete();
      await("Pipeline gone").atMost(NAMESPACE_GONE).until(() ->
          user.resources(Pipeline.class).inNamespace(namespace.name()).withName(Components.PIPELINE).get() == null);

      // it kept trying until the timeout, then said what it left behind
      assertThat(Duration.between(deleted, Instant.now())).isGreaterThanOrEqualTo(FINALIZER_TIMEOUT.minusSeconds(1));
      List<Event> events = user.v1().events().inNamespace(namespace.name()).list().getItems();
      assertThat(events).anySatisfy(e -> {
        assertThat(e.getType()).isEqualTo("Warning");
        assertThat(e.getReason()).isEqualTo("CleanupFailed");
      });
      assertThat(events).anySatisfy(e -> {
        assertThat(e.getType()).isEqualTo("Warning");
        assertThat(e.getReason()).isEqualTo("CleanupAbandoned");
        assertThat(e.getMessage()).contains("20s", Components.TOPIC, Components.PIPELINE + ".dlq");
      });
    }
  }

  private static OperatorOnCluster operator(LocalControlPlane plane) {
    return OperatorOnCluster.start(plane.clientAs("tributary-operator"),
        OperatorSettings.defaults().withFinalizerTimeout(FINALIZER_TIMEOUT));
  }

  /** Creates the Pipeline and the three kinds that use it, and waits for their children. */
  private static void create(KubernetesClient user, Components components, Pipeline pipeline) {
    List<HasMetadata> all = new ArrayList<>(List.of(pipeline));
    all.addAll(components.usersOfThePipeline());
    Components.create(user, all);
    await("the children of the Producer, Worker and EtlSchedule").atMost(CONVERGED)
        .until(() -> components.children(user).size() == Components.CHILD_COUNT);
    await("the Pipeline's finalizer is on").atMost(CONVERGED).until(() -> !user.resources(Pipeline.class)
        .inNamespace(pipeline.getMetadata().getNamespace()).withName(Components.PIPELINE).get()
        .getMetadata().getFinalizers().isEmpty());
  }

  private static void awaitTopicsReady(KubernetesClient user, TestNamespace namespace) {
    await("topics ready").atMost(CONVERGED).until(() -> {
      Pipeline p = user.resources(Pipeline.class).inNamespace(namespace.name()).withName(Components.PIPELINE).get();
      return p.getStatus() != null && p.getStatus().condition("Ready") != null
          && "True".equals(p.getStatus().condition("Ready").getStatus());
    });
  }

  private static void deleteNamespaceAndAwaitItGone(KubernetesClient user, TestNamespace namespace) {
    user.namespaces().withName(namespace.name()).delete();
    await("namespace " + namespace + " gone").atMost(NAMESPACE_GONE).pollInterval(Duration.ofSeconds(1))
        .untilAsserted(() -> {
          Namespace live = user.namespaces().withName(namespace.name()).get();
          assertThat(live).as("namespace %s: %s", namespace, live == null ? "" : live.getStatus()).isNull();
        });
  }
}
