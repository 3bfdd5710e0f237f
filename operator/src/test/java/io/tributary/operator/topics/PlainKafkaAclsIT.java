package io.tributary.operator.topics;

import static io.tributary.operator.testing.Fixtures.NAMESPACE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.client.utils.Serialization;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.tributary.api.v1alpha1.Pipeline;
import io.tributary.api.v1alpha1.Producer;
import io.tributary.api.v1alpha1.Worker;
import io.tributary.operator.TributaryOperator;
import io.tributary.operator.config.OperatorSettings;
import io.tributary.operator.testing.Fixtures;
import io.tributary.operator.testing.MockCluster;
import io.tributary.runtime.embedded.EmbeddedKafkaBroker;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.admin.ScramCredentialInfo;
import org.apache.kafka.clients.admin.ScramMechanism;
import org.apache.kafka.clients.admin.UserScramCredentialUpsertion;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.acl.AccessControlEntry;
import org.apache.kafka.common.acl.AclBinding;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.acl.AclPermissionType;
import org.apache.kafka.common.errors.TopicAuthorizationException;
import org.apache.kafka.common.resource.PatternType;
import org.apache.kafka.common.resource.ResourcePattern;
import org.apache.kafka.common.resource.ResourceType;
import org.junit.jupiter.api.Test;

/**
 * End to end on a real KRaft broker with SASL/SCRAM-SHA-512 and StandardAuthorizer: the operator
 * (real Admin client, fabric8 mock API server) creates a plain-Kafka Producer's ACLs for the
 * Pipeline's principal; that principal may then write the Producer's topic and nothing else; once
 * a Worker of the Pipeline is deleted, its finalizer removes the Worker's Read ACLs (no other
 * component needs them) and the principal can no longer read the Worker's input.
 */
class PlainKafkaAclsIT {
  @Test
  void theProducersPrincipalWritesItsTopicIsRefusedAnotherPipelinesAndLosesADeletedWorkersRead() throws Exception {
    try (EmbeddedKafkaBroker kafka = EmbeddedKafkaBroker.startSecured(); MockCluster cluster = MockCluster.start(true);
        KafkaTopicAdmin.CachingFactory admins = new KafkaTopicAdmin.CachingFactory()) {
      kafka.createTopic("other-raw", 1);
      try (var admin = kafka.admin()) {
        admin.alterUserScramCredentials(List.of(new UserScramCredentialUpsertion("app",
            new ScramCredentialInfo(ScramMechanism.SCRAM_SHA_512, 4096), "app-pw"))).all().get();
        // the operator uses the Pipeline's credential for topics and ACLs: it administers the cluster
        var cluster0 = new ResourcePattern(ResourceType.CLUSTER, "kafka-cluster", PatternType.LITERAL);
        admin.createAcls(List.of(AclOperation.ALTER, AclOperation.CREATE, AclOperation.DESCRIBE, AclOperation.DESCRIBE_CONFIGS)
            .stream().map(op -> new AclBinding(cluster0, new AccessControlEntry("User:app", "*", op, AclPermissionType.ALLOW)))
            .toList()).all().get();
      }
      var client = cluster.client();
      client.resource(Fixtures.secret("app", true, Map.of("password", "app-pw"))).create();
      client.resource(Serialization.unmarshal("""
          apiVersion: tributary.io/v1alpha1
          kind: Pipeline
          metadata: {name: acl, namespace: default}
          spec:
            kafka:
              bootstrapServers: "%s"
              authentication: {type: scram-sha-512, secretRef: {name: app}}
            redis: {url: "redis://redis:6379/0"}
            topics:
              - {name: market-data-stream, partitions: 1, replicas: 1}
          """.formatted(kafka.saslBootstrapServers()), Pipeline.class)).create();
      client.resource(Fixtures.marketDataProducer("acl-feed", "acl")).create();
      client.resource(Fixtures.cacheWorker("acl-cache", "acl")).create();

      try (TributaryOperator operator = TributaryOperator.builder(client).settings(OperatorSettings.defaults())
          .topicAdmins(admins).meters(new SimpleMeterRegistry()).build().start()) {
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
          var applied = client.resources(Producer.class).inNamespace(NAMESPACE).withName("acl-feed").get().getStatus()
              .condition("KafkaAclsApplied");
          assertThat(applied.getStatus()).isEqualTo("True");
          assertThat(applied.getMessage()).startsWith("2 ACLs of User:app");
          assertThat(client.resources(Worker.class).inNamespace(NAMESPACE).withName("acl-cache").get().getStatus()
              .condition("KafkaAclsApplied").getStatus()).isEqualTo("True");
        });
        assertThat(readError(kafka)).as("the Worker's Read on its input").isNull();

        client.resources(Worker.class).inNamespace(NAMESPACE).withName("acl-cache").delete();
        await().atMost(Duration.ofSeconds(30))
            .until(() -> client.resources(Worker.class).inNamespace(NAMESPACE).withName("acl-cache").get() == null);
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() ->
            assertThat(readError(kafka)).isInstanceOf(TopicAuthorizationException.class));
      }

      Map<String, Object> sasl = Map.of("bootstrap.servers", kafka.saslBootstrapServers(),
          "security.protocol", "SASL_PLAINTEXT", "sasl.mechanism", "SCRAM-SHA-512",
          "sasl.jaas.config", "org.apache.kafka.common.security.scram.ScramLoginModule required username=\"app\""
              + " password=\"app-pw\";", "max.block.ms", 10_000);
      try (var producer = new org.apache.kafka.clients.producer.KafkaProducer<String, String>(sasl,
          new org.apache.kafka.common.serialization.StringSerializer(),
          new org.apache.kafka.common.serialization.StringSerializer())) {
        producer.send(new ProducerRecord<>("market-data-stream", "k", "v")).get();
        assertThatThrownBy(() -> producer.send(new ProducerRecord<>("other-raw", "k", "v")).get())
            .isInstanceOf(ExecutionException.class).hasCauseInstanceOf(TopicAuthorizationException.class);
      }
    }
  }

  /** What reading market-data-stream as User:app (no group: Read on the topic alone) fails with, null when it reads. */
  private static Throwable readError(EmbeddedKafkaBroker kafka) {
    Map<String, Object> sasl = Map.of("bootstrap.servers", kafka.saslBootstrapServers(),
        "security.protocol", "SASL_PLAINTEXT", "sasl.mechanism", "SCRAM-SHA-512",
        "sasl.jaas.config", "org.apache.kafka.common.security.scram.ScramLoginModule required username=\"app\""
            + " password=\"app-pw\";", "enable.auto.commit", false);
    try (var consumer = new org.apache.kafka.clients.consumer.KafkaConsumer<String, String>(sasl,
        new org.apache.kafka.common.serialization.StringDeserializer(),
        new org.apache.kafka.common.serialization.StringDeserializer())) {
      var partition = new org.apache.kafka.common.TopicPartition("market-data-stream", 0);
      consumer.assign(List.of(partition));
      consumer.seekToBeginning(List.of(partition));
      consumer.poll(Duration.ofSeconds(2));
      consumer.position(partition, Duration.ofSeconds(5));
      return null;
    } catch (RuntimeException e) {
      return e;
    }
  }
}
