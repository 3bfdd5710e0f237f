package io.tributary.operator.reconciler;

import static io.tributary.operator.testing.Fixtures.NAMESPACE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.tributary.api.v1alpha1.EtlSchedule;
import io.tributary.api.v1alpha1.Pipeline;
import io.tributary.api.v1alpha1.TributaryApi;
import io.tributary.api.v1alpha1.Worker;
import io.tributary.operator.config.OperatorSettings;
import io.tributary.operator.model.KafkaAcls;
import io.tributary.operator.model.UpstreamKind;
import io.tributary.operator.testing.Fixtures;
import io.tributary.operator.testing.MockCluster;
import java.io.InputStream;
import java.nio.file.Files;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The finalizer of a component ({@link ComponentCleanup}): a deleted Worker's KafkaUser goes (one
 * named alike that is not its own stays); on plain Kafka only the ACLs of the shared principal
 * that no remaining component needs go; with Kafka unreachable the deletion completes at the
 * finalizer deadline with a Warning naming what was left.
 */
class ComponentCleanupIT {
  private static final String KAFKA_NS = "kafka";
  /** Short, so that the abandoned cleanup completes within seconds. */
  private static final Duration FINALIZER_TIMEOUT = Duration.ofSeconds(3);
  static MockCluster cluster;
  static KubernetesClient client;

  @BeforeAll
  static void start() throws Exception {
    cluster = MockCluster.start(true);
    client = cluster.client();
    try (InputStream in = Files.newInputStream(MockCluster.schemas().resolve("strimzi-1.2.0-kafkauser.crd.yaml"))) {
      for (HasMetadata item : client.load(in).items()) {
        client.apiextensions().v1().customResourceDefinitions().resource((CustomResourceDefinition) item).create();
      }
    }
    client.resource(new SecretBuilder().withNewMetadata().withName("operator-kafka").withNamespace(NAMESPACE)
        .withLabels(Map.of(TributaryApi.USABLE_BY_PIPELINES_LABEL, TributaryApi.USABLE_BY_PIPELINES_VALUE)).endMetadata()
        .withStringData(Map.of("password", "operator")).build()).create();
    cluster.startOperator(OperatorSettings.defaults().withFinalizerTimeout(FINALIZER_TIMEOUT));
  }

  @AfterAll
  static void stop() {
    cluster.close();
  }

  @Test
  void aDeletedWorkersKafkaUserGoesAndOneNamedAlikeThatIsNotItsOwnStays() {
    client.resource(strimziPipeline("c1")).create();
    client.resource(Fixtures.cacheWorker("c1-cache", "c1")).create();
    String user = "default.c1.worker.c1-cache";
    await().atMost(Duration.ofSeconds(20)).until(() -> kafkaUser(user) != null && hasFinalizer("c1-cache"));

    delete("c1-cache");

    await().atMost(Duration.ofSeconds(20)).until(() -> worker("c1-cache") == null);
    assertThat(kafkaUser(user)).isNull();
    assertThat(events("Worker", "c1-cache")).contains("Normal Deleted: deleted KafkaUser " + user);

    // an EtlSchedule's finalizer is the reconciler's own (it sees all events): same outcome
    client.resource(Fixtures.etl("c1-daily", "c1")).create();
    String etlUser = "default.c1.etlschedule.c1-daily";
    await().atMost(Duration.ofSeconds(20)).until(() -> kafkaUser(etlUser) != null);
    assertThat(schedule("c1-daily").getMetadata().getFinalizers()).containsExactly("etlschedules.tributary.io/finalizer");
    client.resources(EtlSchedule.class).inNamespace(NAMESPACE).withName("c1-daily").delete();
    await().atMost(Duration.ofSeconds(20)).until(() -> schedule("c1-daily") == null);
    assertThat(kafkaUser(etlUser)).isNull();

    // someone else's KafkaUser of the name the next Worker would use: in conflict, and kept on deletion
    String foreignName = "default.c1.worker.c1-other";
    GenericKubernetesResource foreign = new GenericKubernetesResource();
    foreign.setApiVersion(UpstreamKind.KAFKA_USER.apiVersion());
    foreign.setKind(UpstreamKind.KAFKA_USER.kind);
    foreign.setMetadata(new ObjectMetaBuilder().withName(foreignName).withNamespace(KAFKA_NS)
        .withLabels(Map.of("strimzi.io/cluster", "my-cluster")).build());
    foreign.setAdditionalProperty("spec", Map.of("authentication", Map.of("type", "scram-sha-512")));
    kafkaUsers().resource(foreign).create();
    client.resource(Fixtures.cacheWorker("c1-other", "c1")).create();
    await().atMost(Duration.ofSeconds(20)).until(() -> hasFinalizer("c1-other") && worker("c1-other").getStatus() != null
        && "OwnershipConflict".equals(worker("c1-other").getStatus().condition("Ready").getReason()));

    delete("c1-other");

    await().atMost(Duration.ofSeconds(20)).until(() -> worker("c1-other") == null);
    assertThat(kafkaUser(foreignName)).as("a KafkaUser the Worker did not make").isNotNull();
    assertThat(events("Worker", "c1-other")).anySatisfy(e -> assertThat(e).startsWith("Normal KafkaUserKept: kept KafkaUser "
        + KAFKA_NS + "/" + foreignName + ": not created by Tributary"));
  }

  @Test
  void aKafkaUserIsFoundByItsRecordWhenThePipelineWasDeletedFirstAndAForgedRecordDeletesNothing() {
    client.resource(strimziPipeline("c4")).create();
    client.resource(Fixtures.cacheWorker("c4-cache", "c4")).create();
    client.resource(Fixtures.cacheWorker("c4-forged", "c4")).create();
    String user = "default.c4.worker.c4-cache";
    await().atMost(Duration.ofSeconds(20)).until(() -> kafkaUser(user) != null && hasFinalizer("c4-cache")
        && kafkaUser("default.c4.worker.c4-forged") != null && hasFinalizer("c4-forged"));
    assertThat(worker("c4-cache").getMetadata().getAnnotations())
        .containsEntry(KafkaAcls.KAFKA_USER_ANNOTATION, KAFKA_NS + "/" + user);
    // someone else's KafkaUser, and a component whose record is edited to name it
    GenericKubernetesResource foreign = new GenericKubernetesResource();
    foreign.setApiVersion(UpstreamKind.KAFKA_USER.apiVersion());
    foreign.setKind(UpstreamKind.KAFKA_USER.kind);
    foreign.setMetadata(new ObjectMetaBuilder().withName("someone-else").withNamespace(KAFKA_NS)
        .withLabels(Map.of("strimzi.io/cluster", "my-cluster")).build());
    foreign.setAdditionalProperty("spec", Map.of("authentication", Map.of("type", "scram-sha-512")));
    kafkaUsers().resource(foreign).create();

    client.resources(Pipeline.class).inNamespace(NAMESPACE).withName("c4").delete();
    await().atMost(Duration.ofSeconds(20))
        .until(() -> client.resources(Pipeline.class).inNamespace(NAMESPACE).withName("c4").get() == null);
    cluster.edit(Worker.class, "c4-forged", w -> {
      w.getMetadata().getAnnotations().put(KafkaAcls.KAFKA_USER_ANNOTATION, KAFKA_NS + "/someone-else");
      return w;
    });
    delete("c4-cache");
    delete("c4-forged");

    await().atMost(Duration.ofSeconds(20)).until(() -> worker("c4-cache") == null && worker("c4-forged") == null);
    assertThat(kafkaUser(user)).as("found by the Worker's record, without its Pipeline").isNull();
    assertThat(events("Worker", "c4-cache")).contains("Normal Deleted: deleted KafkaUser " + user)
        .noneSatisfy(e -> assertThat(e).startsWith("Warning CleanupSkipped"));
    assertThat(kafkaUser("someone-else")).as("a record naming a KafkaUser the Worker did not make").isNotNull();
    assertThat(events("Worker", "c4-forged")).anySatisfy(e -> assertThat(e).startsWith(
        "Normal KafkaUserKept: kept KafkaUser " + KAFKA_NS + "/someone-else: not created by Tributary"));
  }

  @Test
  void aPipelineMovingFromStrimziToPlainKafkaTakesItsComponentsKafkaUsersAway() {
    client.resource(strimziPipeline("c5")).create();
    client.resource(Fixtures.cacheWorker("c5-cache", "c5")).create();
    String user = "default.c5.worker.c5-cache";
    await().atMost(Duration.ofSeconds(20)).until(() -> kafkaUser(user) != null);

    client.resource(Fixtures.secret("c5-user", true, Map.of("password", "s3cret"))).create();
    io.tributary.operator.testing.Conflicts.retry(() -> client.resources(Pipeline.class).inNamespace(NAMESPACE).withName("c5").edit(p -> {
      p.getSpec().getKafka().setStrimzi(null);
      p.getSpec().getKafka().setBootstrapServers("kafka-c5:9092");
      p.getSpec().getKafka().getAuthentication().getSecretRef().setName("c5-user");
      return p;
    }));

    await().atMost(Duration.ofSeconds(20)).until(() -> kafkaUser(user) == null);
    assertThat(events("Worker", "c5-cache")).contains("Normal Deleted: deleted KafkaUser " + user);
    delete("c5-cache");
    await().atMost(Duration.ofSeconds(20)).until(() -> worker("c5-cache") == null);
  }

  @Test
  void onASharedPrincipalOnlyTheAclsNoRemainingComponentNeedsGo() {
    client.resource(plainPipeline("c2", "kafka-c2:9092")).create();
    client.resource(Fixtures.cacheWorker("c2-a", "c2")).create();
    client.resource(Fixtures.cacheWorker("c2-b", "c2")).create();
    await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
      assertThat(acls("kafka-c2:9092")).containsExactlyInAnyOrder(
          "READ topic market-data-stream", "READ group c2.c2-a", "READ group c2.c2-b", "WRITE topic c2.dlq");
      assertThat(hasFinalizer("c2-a") && hasFinalizer("c2-b")).isTrue();
    });

    delete("c2-a");

    await().atMost(Duration.ofSeconds(20)).until(() -> worker("c2-a") == null);
    // the topic and the dead-letter topic are still c2-b's: only c2-a's group goes
    assertThat(acls("kafka-c2:9092")).containsExactlyInAnyOrder(
        "READ topic market-data-stream", "READ group c2.c2-b", "WRITE topic c2.dlq");
    assertThat(events("Worker", "c2-a")).contains("Normal KafkaAclsRemoved: removed 1 ACLs of User:c2-user at kafka-c2:9092:"
        + " Read group c2.c2-a; kept 2 still needed by Worker c2-b");

    delete("c2-b");

    await().atMost(Duration.ofSeconds(20)).until(() -> worker("c2-b") == null);
    assertThat(acls("kafka-c2:9092")).isEmpty();
  }

  @Test
  void withKafkaUnreachableTheDeletionCompletesAtTheDeadlineWithAWarningNamingWhatWasLeft() {
    client.resource(plainPipeline("c3", "kafka-c3:9092")).create();
    client.resource(Fixtures.cacheWorker("c3-cache", "c3")).create();
    await().atMost(Duration.ofSeconds(30)).until(() -> acls("kafka-c3:9092").size() == 3 && hasFinalizer("c3-cache"));

    cluster.topicAdmin().unavailable(true);
    try {
      delete("c3-cache");
      await().atMost(Duration.ofSeconds(20)).until(() -> worker("c3-cache") == null);
    } finally {
      cluster.topicAdmin().unavailable(false);
    }
    assertThat(acls("kafka-c3:9092")).hasSize(3);
    assertThat(events("Worker", "c3-cache"))
        .anySatisfy(e -> assertThat(e).startsWith("Warning CleanupFailed: Kafka ACLs not cleaned up yet (retrying until "))
        .anySatisfy(e -> assertThat(e).isEqualTo("Warning CleanupAbandoned: gave up cleaning up after 3s"
            + " (TRIBUTARY_FINALIZER_TIMEOUT_SECONDS); the ACLs of User:c3-user at kafka-c3:9092 for this Worker"
            + " (Write topic c3.dlq, Read topic market-data-stream, Read group c3.c3-cache) may remain:"
            + " Kafka unavailable (fake)"));
  }

  private static Pipeline strimziPipeline(String name) {
    return Serialization.unmarshal("""
        apiVersion: tributary.io/v1alpha1
        kind: Pipeline
        metadata: {name: %s, namespace: default}
        spec:
          kafka:
            strimzi: {cluster: my-cluster, namespace: kafka, listener: plain}
            authentication: {type: scram-sha-512, secretRef: {name: operator-kafka}}
          redis: {url: "redis://redis.default.svc:6379/0"}
          topics:
            - {name: market-data-stream, partitions: 2}
        """.formatted(name), Pipeline.class);
  }

  /** A plain-Kafka Pipeline whose components share the principal {@code User:<name>-user}. */
  private static Pipeline plainPipeline(String name, String bootstrap) {
    client.resource(Fixtures.secret(name + "-user", true, Map.of("password", "s3cret"))).create();
    return Serialization.unmarshal("""
        apiVersion: tributary.io/v1alpha1
        kind: Pipeline
        metadata: {name: %s, namespace: default}
        spec:
          kafka:
            bootstrapServers: %s
            authentication: {type: scram-sha-512, secretRef: {name: %s-user}}
          redis: {url: "redis://redis:6379/0"}
          topics:
            - {name: market-data-stream, partitions: 2}
        """.formatted(name, bootstrap, name), Pipeline.class);
  }

  /** "OPERATION type name" of each ACL the fake holds for the Pipeline's principal. */
  private static List<String> acls(String bootstrap) {
    String pipeline = bootstrap.substring("kafka-".length(), bootstrap.indexOf(':'));
    return cluster.topicAdmin().acls(bootstrap, "User:" + pipeline + "-user").stream()
        .map(a -> a.operation() + " " + a.type().strimzi() + " " + a.name()).toList();
  }

  private static boolean hasFinalizer(String worker) {
    Worker live = worker(worker);
    return live != null && !live.getMetadata().getFinalizers().isEmpty();
  }

  private static void delete(String worker) {
    client.resources(Worker.class).inNamespace(NAMESPACE).withName(worker).delete();
  }

  private static Worker worker(String name) {
    return client.resources(Worker.class).inNamespace(NAMESPACE).withName(name).get();
  }

  private static io.fabric8.kubernetes.client.dsl.NonNamespaceOperation<GenericKubernetesResource,
      io.fabric8.kubernetes.api.model.GenericKubernetesResourceList,
      io.fabric8.kubernetes.client.dsl.Resource<GenericKubernetesResource>> kafkaUsers() {
    return client.genericKubernetesResources(UpstreamResources.context(UpstreamKind.KAFKA_USER)).inNamespace(KAFKA_NS);
  }

  private static GenericKubernetesResource kafkaUser(String name) {
    return kafkaUsers().withName(name).get();
  }

  private static EtlSchedule schedule(String name) {
    return client.resources(EtlSchedule.class).inNamespace(NAMESPACE).withName(name).get();
  }

  /** "Type Reason: message" of the Events about a component. */
  private static List<String> events(String kind, String name) {
    return client.v1().events().inNamespace(NAMESPACE).list().getItems().stream()
        .filter(e -> name.equals(e.getInvolvedObject().getName()) && kind.equals(e.getInvolvedObject().getKind()))
        .map((Event e) -> e.getType() + " " + e.getReason() + ": " + e.getMessage()).toList();
  }
}
