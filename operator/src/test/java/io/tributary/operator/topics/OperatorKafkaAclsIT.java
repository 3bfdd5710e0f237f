package io.tributary.operator.topics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.client.utils.Serialization;
import io.tributary.api.v1alpha1.OffsetResetPolicy;
import io.tributary.api.v1alpha1.Pipeline;
import io.tributary.api.v1alpha1.Worker;
import io.tributary.api.v1alpha1.WorkerRedrive;
import io.tributary.api.v1alpha1.WorkerReplay;
import io.tributary.operator.autoscale.KafkaLagSource;
import io.tributary.operator.autoscale.LagTarget;
import io.tributary.operator.model.ConsumerGroups;
import io.tributary.operator.model.DeadLetterIndex;
import io.tributary.operator.model.KafkaAcls;
import io.tributary.operator.model.KafkaAcls.Acl;
import io.tributary.operator.model.PipelineWiring;
import io.tributary.operator.model.RedrivePlan;
import io.tributary.runtime.embedded.EmbeddedKafkaBroker;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ScramCredentialInfo;
import org.apache.kafka.clients.admin.ScramMechanism;
import org.apache.kafka.clients.admin.UserScramCredentialUpsertion;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.AuthorizationException;
import org.apache.kafka.common.header.internals.RecordHeader;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The operator's own Kafka credential on a real KRaft broker with SASL/SCRAM-SHA-512 and
 * StandardAuthorizer, holding exactly {@link KafkaAcls#operatorAcls} of a Strimzi Pipeline with
 * one Worker: the lag read, the dead-letter scan, a replay's offset reset and a redrive all work
 * with the operator's real clients; without any one of those ACLs, the operation that needs it
 * fails with an authorization error (so none of them is more than what is used).
 */
class OperatorKafkaAclsIT {
  static final String NS = "default";
  static final Pipeline P = Serialization.unmarshal("""
      apiVersion: tributary.io/v1alpha1
      kind: Pipeline
      metadata: {name: p, namespace: default}
      spec:
        kafka:
          strimzi: {cluster: kafka, namespace: kafka}
          authentication: {type: scram-sha-512, secretRef: {name: operator-kafka}}
        topics: [{name: p-in}]
      """, Pipeline.class);
  static final Worker W = Serialization.unmarshal("""
      apiVersion: tributary.io/v1alpha1
      kind: Worker
      metadata: {name: w, namespace: default, uid: 0b7c3a52-uid-w}
      spec: {pipeline: p, input: {topic: {name: p-in}}, processors: [{log: {}}]}
      """, Worker.class);
  static final String DLQ = PipelineWiring.deadLetterTopic(P);
  static final String GROUP = ConsumerGroups.of(W).orElseThrow().group();
  static final String PRINCIPAL = "User:operator";
  static final AtomicInteger REDRIVES = new AtomicInteger();

  static EmbeddedKafkaBroker kafka;
  static Set<Acl> acls;

  @BeforeAll
  static void start() throws Exception {
    kafka = EmbeddedKafkaBroker.startSecured();
    kafka.createTopic("p-in", 2);
    kafka.createTopic(DLQ, 1);
    kafka.createTopic("other-in", 1);
    acls = KafkaAcls.operatorAcls(P, List.of(W));
    try (Admin admin = kafka.admin()) {
      admin.alterUserScramCredentials(List.of(new UserScramCredentialUpsertion("operator",
          new ScramCredentialInfo(ScramMechanism.SCRAM_SHA_512, 4096), "op-pw"))).all().get();
      assertThat(KafkaAclAdmin.apply(admin, PRINCIPAL, acls)).isEqualTo(KafkaAclAdmin.Outcome.APPLIED);
      // the worker's group has committed offsets (lag, replay)
      admin.alterConsumerGroupOffsets(GROUP, Map.of(new TopicPartition("p-in", 0), new OffsetAndMetadata(1),
          new TopicPartition("p-in", 1), new OffsetAndMetadata(0))).all().get();
    }
    // data, dead letters of w, written by the super user
    try (var p = new KafkaProducer<String, String>(Map.of("bootstrap.servers", kafka.bootstrapServers()),
        new StringSerializer(), new StringSerializer())) {
      for (int i = 0; i < 3; i++) {
        p.send(new ProducerRecord<>("p-in", 0, "k" + i, "v" + i)).get();
      }
      for (int i = 0; i < 2; i++) {
        var r = new ProducerRecord<>(DLQ, null, "k" + i, "bad" + i,
            List.of(new RecordHeader(RedrivePlan.COMPONENT_HEADER, "w".getBytes(StandardCharsets.UTF_8))));
        p.send(r).get();
      }
    }
  }

  @AfterAll
  static void stop() {
    if (kafka != null) {
      kafka.close();
    }
  }

  /** The operator's Kafka client settings with its own SCRAM credential. */
  static Map<String, String> operatorClient() {
    Map<String, String> c = new HashMap<>();
    c.put("security.protocol", "SASL_PLAINTEXT");
    c.put("sasl.mechanism", "SCRAM-SHA-512");
    c.put("sasl.jaas.config",
        "org.apache.kafka.common.security.scram.ScramLoginModule required username=\"operator\" password=\"op-pw\";");
    c.put("max.block.ms", "10000");
    c.put("request.timeout.ms", "5000");
    c.put("delivery.timeout.ms", "15000");
    c.put("default.api.timeout.ms", "15000");
    return c;
  }

  interface Operation {
    void run() throws Exception;
  }

  /** What the operator does on the Pipeline's Kafka, by name, with its real clients. */
  static Map<String, Operation> operations() {
    Map<String, Operation> ops = new LinkedHashMap<>();
    String bootstrap = kafka.saslBootstrapServers();
    ops.put("lag", () -> {
      try (KafkaLagSource source = new KafkaLagSource(Clock.systemUTC(), Duration.ofSeconds(5))) {
        var seen = source.observe(new LagTarget.KafkaTopic(bootstrap, operatorClient(), "p-in", GROUP,
            OffsetResetPolicy.EARLIEST));
        assertThat(seen.toString()).isNotEmpty();
      }
    });
    ops.put("scan", () -> {
      DeadLetterIndex index = DeadLetterScan.step(bootstrap, operatorClient(), DLQ, new DeadLetterIndex(), 100)
          .orElseThrow(() -> new AssertionError("the dead-letter topic was not seen"));
      assertThat(index.depth("w", Map.of()).records()).isEqualTo(2);
    });
    ops.put("replay", () -> {
      Map<String, Object> props = new HashMap<>(operatorClient());
      props.put("bootstrap.servers", bootstrap);
      try (Admin admin = Admin.create(props)) {
        WorkerReplay replay = new WorkerReplay();
        replay.setId("replay-" + REDRIVES.incrementAndGet());
        replay.setToEarliest(true);
        ConsumerGroupRewind.rewind(admin, GROUP, "p-in", replay);
      }
    });
    ops.put("redrive", () -> {
      String id = "r" + REDRIVES.incrementAndGet();
      Map<Integer, Long> until = DeadLetterRedrive.endOffsets(bootstrap, operatorClient(), DLQ);
      assertThat(until).as("the dead-letter topic's end offsets").isNotEmpty();
      WorkerRedrive request = new WorkerRedrive();
      request.setId(id);
      var job = new DeadLetterRedrive.Job(bootstrap, operatorClient(), DLQ, "p-in", until, "w", request,
          RedrivePlan.group(NS, "w", id), RedrivePlan.transactionalId(NS, W.getMetadata().getUid(), id));
      assertThat(DeadLetterRedrive.run(job, counts -> { }, () -> false)).isTrue();
    });
    return ops;
  }

  /** The operation that needs {@code acl} (the others may need it too). */
  static String needs(Acl acl) {
    return switch (acl.type()) {
      case TRANSACTIONAL_ID -> "redrive";
      case GROUP -> acl.pattern() == KafkaAcls.Pattern.PREFIXED ? "redrive" : "lag";
      case TOPIC -> acl.name().equals(DLQ) ? "scan" : acl.operation() == KafkaAcls.Operation.WRITE ? "redrive" : "replay";
      case CLUSTER -> throw new AssertionError("a Strimzi Pipeline's operator needs no cluster ACL: " + acl);
    };
  }

  static boolean authorizationFailure(Throwable t) {
    for (Throwable c = t; c != null; c = c.getCause()) {
      if (c instanceof AuthorizationException) {
        return true;
      }
    }
    return false;
  }

  static void allWork() {
    // ACL changes reach the authorizer asynchronously: retry until they have
    await().atMost(Duration.ofSeconds(60)).ignoreExceptions().untilAsserted(() -> {
      for (Operation op : operations().values()) {
        op.run();
      }
    });
  }

  @Test
  void theOperatorsAclsAreEnoughAndEachIsNeeded() throws Exception {
    assertThat(acls).hasSize(6);
    allWork();

    for (Acl acl : acls) {
      String op = needs(acl);
      try (Admin admin = kafka.admin()) {
        KafkaAclAdmin.remove(admin, PRINCIPAL, List.of(acl));
      }
      await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
        Throwable failure = null;
        try {
          operations().get(op).run();
        } catch (Throwable t) {
          failure = t;
        }
        assertThat(failure).as(op + " without " + acl).isNotNull();
        assertThat(authorizationFailure(failure)).as(op + " without " + acl + " failed for another reason: " + failure)
            .isTrue();
      });
      try (Admin admin = kafka.admin()) {
        KafkaAclAdmin.apply(admin, PRINCIPAL, List.of(acl));
      }
      allWork();
    }
  }

  @Test
  void theOperatorsCredentialCannotReadAnotherPipelinesTopic() throws Exception {
    allWork();
    var other = new LagTarget.KafkaTopic(kafka.saslBootstrapServers(), operatorClient(), "other-in", "other-group",
        OffsetResetPolicy.EARLIEST);
    try (KafkaLagSource source = new KafkaLagSource(Clock.systemUTC(), Duration.ofSeconds(5))) {
      Throwable failure = null;
      try {
        source.observe(other);
      } catch (Exception e) {
        failure = e;
      }
      assertThat(authorizationFailure(failure)).as(String.valueOf(failure)).isTrue();
    }
  }
}
