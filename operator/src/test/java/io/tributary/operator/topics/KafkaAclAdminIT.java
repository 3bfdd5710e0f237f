package io.tributary.operator.topics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.client.utils.Serialization;
import io.tributary.api.v1alpha1.Pipeline;
import io.tributary.api.v1alpha1.Producer;
import io.tributary.api.v1alpha1.Worker;
import io.tributary.operator.model.KafkaAcls;
import io.tributary.runtime.embedded.EmbeddedKafkaBroker;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.admin.ScramCredentialInfo;
import org.apache.kafka.clients.admin.ScramMechanism;
import org.apache.kafka.clients.admin.UserScramCredentialUpsertion;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.TopicAuthorizationException;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The ACLs derived from the graph, created through the Admin API on a real KRaft broker with
 * SASL/SCRAM-SHA-512 and StandardAuthorizer: each component can do its job and nothing else.
 */
class KafkaAclAdminIT {
  static EmbeddedKafkaBroker kafka;

  static final Pipeline A = Serialization.unmarshal("""
      apiVersion: tributary.io/v1alpha1
      kind: Pipeline
      metadata: {name: a, namespace: default}
      spec:
        kafka: {bootstrapServers: "127.0.0.1:1"}
        topics: [{name: a-raw}, {name: a-clean}]
      """, Pipeline.class);
  static final Producer INGEST = Serialization.unmarshal("""
      apiVersion: tributary.io/v1alpha1
      kind: Producer
      metadata: {name: ingest, namespace: default}
      spec: {pipeline: a, topic: a-raw, source: {marketData: {symbols: [X]}}}
      """, Producer.class);
  static final Worker CLEANER = Serialization.unmarshal("""
      apiVersion: tributary.io/v1alpha1
      kind: Worker
      metadata: {name: cleaner, namespace: default}
      spec: {pipeline: a, input: {topic: {name: a-raw}}, processors: [{forward: {topic: a-clean}}]}
      """, Worker.class);

  @BeforeAll
  static void start() throws Exception {
    kafka = EmbeddedKafkaBroker.startSecured();
    for (String t : List.of("a-raw", "a-clean", "a.dlq", "b-raw")) {
      kafka.createTopic(t, 1);
    }
    try (var admin = kafka.admin()) {
      admin.alterUserScramCredentials(List.of(
          new UserScramCredentialUpsertion("ingest", new ScramCredentialInfo(ScramMechanism.SCRAM_SHA_512, 4096), "pw-i"),
          new UserScramCredentialUpsertion("cleaner", new ScramCredentialInfo(ScramMechanism.SCRAM_SHA_512, 4096), "pw-c")))
          .all().get();
      assertThat(KafkaAclAdmin.apply(admin, "User:ingest", KafkaAcls.of(INGEST).acls()))
          .isEqualTo(KafkaAclAdmin.Outcome.APPLIED);
      assertThat(KafkaAclAdmin.apply(admin, "User:cleaner", KafkaAcls.of(A, CLEANER).acls()))
          .isEqualTo(KafkaAclAdmin.Outcome.APPLIED);
    }
    // b's own data, written by the super user
    try (var p = new KafkaProducer<String, String>(Map.of("bootstrap.servers", kafka.bootstrapServers()),
        new StringSerializer(), new StringSerializer())) {
      p.send(new ProducerRecord<>("b-raw", "k", "secret")).get();
    }
  }

  @AfterAll
  static void stop() {
    if (kafka != null) {
      kafka.close();
    }
  }

  static Map<String, Object> sasl(String user, String password) {
    Map<String, Object> c = new HashMap<>();
    c.put("bootstrap.servers", kafka.saslBootstrapServers());
    c.put("security.protocol", "SASL_PLAINTEXT");
    c.put("sasl.mechanism", "SCRAM-SHA-512");
    c.put("sasl.jaas.config", "org.apache.kafka.common.security.scram.ScramLoginModule required username=\""
        + user + "\" password=\"" + password + "\";");
    c.put("max.block.ms", 10_000);
    c.put("delivery.timeout.ms", 15_000);
    c.put("request.timeout.ms", 5_000);
    return c;
  }

  static KafkaProducer<String, String> producer(String user, String pw) {
    return new KafkaProducer<>(sasl(user, pw), new StringSerializer(), new StringSerializer());
  }

  static KafkaConsumer<String, String> consumer(String user, String pw, String group) {
    Map<String, Object> c = sasl(user, pw);
    c.put("group.id", group);
    c.put("auto.offset.reset", "earliest");
    return new KafkaConsumer<>(c, new StringDeserializer(), new StringDeserializer());
  }

  @Test
  void eachComponentDoesItsJobAndNothingElse() throws Exception {
    // the producer writes its topic (SCRAM credentials reach the broker asynchronously: retry)
    await().atMost(Duration.ofSeconds(60)).ignoreExceptions().untilAsserted(() -> {
      try (var p = producer("ingest", "pw-i")) {
        p.send(new ProducerRecord<>("a-raw", "k", "v")).get();
      }
    });
    // ... and not a topic it does not own
    try (var p = producer("ingest", "pw-i")) {
      assertThatThrownBy(() -> p.send(new ProducerRecord<>("a-clean", "k", "v")).get())
          .isInstanceOf(ExecutionException.class).hasCauseInstanceOf(TopicAuthorizationException.class);
    }
    // the worker reads its input in its group and writes its forward and dead-letter topics
    String group = KafkaAcls.of(A, CLEANER).acls().stream()
        .filter(a -> a.type() == KafkaAcls.ResourceType.GROUP).findFirst().orElseThrow().name();
    try (var c = consumer("cleaner", "pw-c", group)) {
      c.subscribe(List.of("a-raw"));
      await().atMost(Duration.ofSeconds(60)).until(() -> {
        ConsumerRecords<String, String> r = c.poll(Duration.ofMillis(500));
        return !r.isEmpty();
      });
      c.commitSync();
    }
    try (var p = producer("cleaner", "pw-c")) {
      p.send(new ProducerRecord<>("a-clean", "k", "v")).get();
      p.send(new ProducerRecord<>("a.dlq", "k", "v")).get();
      assertThatThrownBy(() -> p.send(new ProducerRecord<>("b-raw", "k", "v")).get())
          .hasCauseInstanceOf(TopicAuthorizationException.class);
    }
    // the worker cannot read another pipeline's topic, even in its own group
    try (var c = consumer("cleaner", "pw-c", group)) {
      c.subscribe(List.of("b-raw"));
      assertThatThrownBy(() -> {
        for (int i = 0; i < 40; i++) {
          assertThat(c.poll(Duration.ofMillis(500))).isEmpty();
        }
      }).isInstanceOf(TopicAuthorizationException.class);
    }
  }

  @Test
  void aBrokerWithoutAuthorizerIsSaidSo() throws Exception {
    try (var plain = EmbeddedKafkaBroker.start(); var admin = plain.admin()) {
      assertThat(KafkaAclAdmin.apply(admin, "User:ingest", KafkaAcls.of(INGEST).acls()))
          .isEqualTo(KafkaAclAdmin.Outcome.NO_AUTHORIZER);
    }
  }
}
