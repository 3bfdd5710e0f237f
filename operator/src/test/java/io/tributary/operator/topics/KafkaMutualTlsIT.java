package io.tributary.operator.topics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.client.utils.Serialization;
import io.tributary.api.v1alpha1.Pipeline;
import io.tributary.api.v1alpha1.Producer;
import io.tributary.api.v1alpha1.Worker;
import io.tributary.operator.model.KafkaAcls;
import io.tributary.operator.model.PipelineWiring;
import io.tributary.operator.testing.TestCertificates;
import io.tributary.runtime.config.KafkaClientProperties;
import io.tributary.runtime.config.KafkaConfig;
import io.tributary.runtime.config.SecretEnv;
import io.tributary.runtime.embedded.EmbeddedKafkaBroker;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.SslAuthenticationException;
import org.apache.kafka.common.errors.TopicAuthorizationException;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Strimzi {@code tls} KafkaUsers on a real KRaft broker with a mutual-TLS listener ({@code
 * ssl.client.auth=required}) and StandardAuthorizer: each component's certificate (subject {@code
 * CN=<KafkaUser name>}, as Strimzi's User Operator issues it) is read by the runtime's own client
 * settings ({@link KafkaClientProperties}: {@code user.crt}, {@code user.key}, {@code ca.crt} from
 * {@code TRIBUTARY_KAFKA_TLS_DIR}, the files of the mounted KafkaUser Secret), and the ACLs {@link
 * KafkaAcls} derives for it ({@link KafkaAcls#principal}: {@code User:CN=<name>}) are created by
 * {@link KafkaAclAdmin}: a Producer writes its topic and no other; a Worker reads its input in its
 * group, commits, writes its forward and dead-letter topics, and cannot read or write another
 * Pipeline's topic; a client without a certificate is refused at the handshake.
 */
class KafkaMutualTlsIT {
  static final Pipeline A = Serialization.unmarshal("""
      apiVersion: tributary.io/v1alpha1
      kind: Pipeline
      metadata: {name: a, namespace: default}
      spec:
        kafka:
          strimzi: {cluster: kafka, namespace: kafka}
          authentication: {type: tls}
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

  static TestCertificates ca;
  static EmbeddedKafkaBroker kafka;
  @TempDir static Path dirs;

  @BeforeAll
  static void start() throws Exception {
    ca = TestCertificates.newCa("tributary-test-ca");
    TestCertificates.Issued broker = ca.server("kafka");
    kafka = EmbeddedKafkaBroker.startSecured(
        new EmbeddedKafkaBroker.MutualTls(ca.caPem(), broker.certificatePem(), broker.privateKeyPem()));
    for (String t : List.of("a-raw", "a-clean", PipelineWiring.deadLetterTopic(A), "b-raw")) {
      kafka.createTopic(t, 1);
    }
    try (Admin admin = kafka.admin()) {
      for (KafkaAcls.ComponentAcls c : List.of(KafkaAcls.of(INGEST), KafkaAcls.of(A, CLEANER))) {
        assertThat(KafkaAclAdmin.apply(admin, KafkaAcls.principal(A, c), c.acls()))
            .isEqualTo(KafkaAclAdmin.Outcome.APPLIED);
      }
    }
    try (var p = new KafkaProducer<String, String>(Map.of("bootstrap.servers", kafka.bootstrapServers()),
        new StringSerializer(), new StringSerializer())) {
      p.send(new ProducerRecord<>("b-raw", "k", "b's secret")).get(); // another pipeline's data
    }
  }

  @AfterAll
  static void stop() {
    if (kafka != null) {
      kafka.close();
    }
  }

  /**
   * The files Strimzi's User Operator writes into a tls KafkaUser's Secret, as the operator mounts
   * them, for a certificate whose subject adds {@code O=...} after the CN (the broker's mapping rule
   * keeps the CN alone).
   */
  static Path strimziSecretDir(KafkaAcls.ComponentAcls component) throws Exception {
    String user = KafkaAcls.kafkaUserName(A, component);
    Path dir = Files.createDirectory(dirs.resolve(user));
    TestCertificates.Issued cert = ca.client("CN=" + user + ",O=tributary-test");
    Files.writeString(dir.resolve(SecretEnv.KAFKA_TLS_CA), ca.caPem());
    Files.writeString(dir.resolve(SecretEnv.KAFKA_TLS_USER_CERT), cert.certificatePem());
    Files.writeString(dir.resolve(SecretEnv.KAFKA_TLS_USER_KEY), cert.privateKeyPem());
    return dir;
  }

  /** The runtime's own client settings for a pod with {@code TRIBUTARY_KAFKA_TLS_DIR=dir}. */
  static Map<String, Object> runtimeClient(Path dir) {
    KafkaConfig config = new KafkaConfig(kafka.sslBootstrapServers(), "SSL", null, Map.of(
        "max.block.ms", "10000", "delivery.timeout.ms", "15000", "request.timeout.ms", "5000"));
    return new HashMap<>(KafkaClientProperties.of(config, Map.of(SecretEnv.KAFKA_TLS_DIR, dir.toString())::get));
  }

  static KafkaProducer<String, String> producer(Path dir) {
    return new KafkaProducer<>(runtimeClient(dir), new StringSerializer(), new StringSerializer());
  }

  static KafkaConsumer<String, String> consumer(Path dir, String group) {
    Map<String, Object> c = runtimeClient(dir);
    c.put("group.id", group);
    c.put("auto.offset.reset", "earliest");
    c.put("enable.auto.commit", "false");
    return new KafkaConsumer<>(c, new StringDeserializer(), new StringDeserializer());
  }

  @Test
  void eachComponentsCertificateDoesItsJobAndNothingElse() throws Exception {
    Path ingest = strimziSecretDir(KafkaAcls.of(INGEST));
    Path cleaner = strimziSecretDir(KafkaAcls.of(A, CLEANER));
    assertThat(runtimeClient(ingest)).containsEntry("security.protocol", "SSL").containsKey("ssl.keystore.key");

    // the producer writes its topic (the ACLs reach the broker's authorizer asynchronously: retry)
    await().atMost(Duration.ofSeconds(60)).ignoreExceptions().untilAsserted(() -> {
      try (var p = producer(ingest)) {
        p.send(new ProducerRecord<>("a-raw", "k", "v")).get();
      }
    });
    // ... and not a topic it does not own
    try (var p = producer(ingest)) {
      assertThatThrownBy(() -> p.send(new ProducerRecord<>("a-clean", "k", "v")).get())
          .isInstanceOf(ExecutionException.class).hasCauseInstanceOf(TopicAuthorizationException.class);
    }

    // the worker reads its input in its group and commits, writes its forward and dead-letter topics
    String group = KafkaAcls.of(A, CLEANER).acls().stream()
        .filter(a -> a.type() == KafkaAcls.ResourceType.GROUP).findFirst().orElseThrow().name();
    try (var c = consumer(cleaner, group)) {
      c.subscribe(List.of("a-raw"));
      await().atMost(Duration.ofSeconds(60)).until(() -> !c.poll(Duration.ofMillis(500)).isEmpty());
      c.commitSync();
      assertThat(c.committed(c.assignment())).isNotEmpty();
    }
    try (var p = producer(cleaner)) {
      p.send(new ProducerRecord<>("a-clean", "k", "v")).get();
      p.send(new ProducerRecord<>(PipelineWiring.deadLetterTopic(A), "k", "v")).get();
      assertThatThrownBy(() -> p.send(new ProducerRecord<>("b-raw", "k", "v")).get())
          .hasCauseInstanceOf(TopicAuthorizationException.class);
    }
    // ... and cannot read another pipeline's topic, even in its own group
    try (var c = consumer(cleaner, group)) {
      c.subscribe(List.of("b-raw"));
      assertThatThrownBy(() -> {
        for (int i = 0; i < 40; i++) {
          assertThat(c.poll(Duration.ofMillis(500))).isEmpty();
        }
      }).isInstanceOf(TopicAuthorizationException.class);
    }
    // the producer's certificate does not carry the worker's rights
    try (var c = consumer(ingest, group)) {
      c.subscribe(List.of("a-raw"));
      assertThatThrownBy(() -> {
        for (int i = 0; i < 40; i++) {
          assertThat(c.poll(Duration.ofMillis(500))).isEmpty();
        }
      }).isInstanceOf(org.apache.kafka.common.errors.AuthorizationException.class);
    }
  }

  @Test
  void aClientWithoutACertificateIsRefusedAtTheHandshake() throws Exception {
    Path onlyCa = Files.createDirectory(dirs.resolve("only-ca"));
    Files.writeString(onlyCa.resolve(SecretEnv.KAFKA_TLS_CA), ca.caPem());
    Map<String, Object> settings = runtimeClient(onlyCa);
    assertThat(settings).doesNotContainKey("ssl.keystore.key");
    try (var p = new KafkaProducer<String, String>(settings, new StringSerializer(), new StringSerializer())) {
      assertThatThrownBy(() -> p.send(new ProducerRecord<>("a-raw", "k", "v")).get())
          .hasCauseInstanceOf(SslAuthenticationException.class);
    }
  }
}
