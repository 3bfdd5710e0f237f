package io.tributary.operator.reconciler;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.tributary.api.v1alpha1.DeadLetterStatus;
import io.tributary.api.v1alpha1.Pipeline;
import io.tributary.operator.TributaryOperator;
import io.tributary.operator.topics.KafkaTopicAdmin;
import io.tributary.api.v1alpha1.RedriveStatus;
import io.tributary.api.v1alpha1.Worker;
import io.tributary.api.v1alpha1.WorkerRedrive;
import io.tributary.operator.model.RedrivePlan;
import io.tributary.operator.testing.MockCluster;
import io.tributary.runtime.embedded.EmbeddedKafkaBroker;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeader;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.Test;

/**
 * {@code spec.redrive} end to end against a real broker, the operator on the fabric8 mock API:
 * records of the Worker dead-lettered (as the runtime's DeadLetterPublisher writes them, beside
 * another Worker's), the Worker "fixed" (changed), a redrive filtered by error class that is cut by
 * an operator restart in the middle; each matching record arrives on the input topic exactly once,
 * with its key, value and headers and {@code tributary.redrive.id}; the same id applied again
 * sends nothing; a new id with a time filter sends only the later dead letters.
 */
class WorkerRedriveIT {
  static final String NAMESPACE = "default";
  static final String INPUT = "orders";
  static final String DLQ = "shop.dlq";
  static final String BAD_PRICE = "java.lang.IllegalArgumentException";
  static final String TIMEOUT = "java.util.concurrent.TimeoutException";

  @Test
  void aRedriveCutByAnOperatorRestartDeliversEachMatchingRecordOnceAndTheSameIdNeverAgain() throws Exception {
    try (EmbeddedKafkaBroker kafka = EmbeddedKafkaBroker.start();
        MockCluster cluster = MockCluster.start(false)) {
      kafka.createTopic(INPUT, 2);
      kafka.createTopic(DLQ, 2);
      KubernetesClient client = cluster.client();
      Instant t0 = Instant.now().minusSeconds(3600);
      // 30 of the Worker's records failed on a bad price, 10 on a timeout; 10 of another Worker's
      try (KafkaProducer<byte[], byte[]> producer = producer(kafka)) {
        for (int i = 0; i < 30; i++) {
          deadLetter(producer, "enricher", BAD_PRICE, "price-" + i, t0.plusSeconds(i));
        }
        for (int i = 0; i < 10; i++) {
          deadLetter(producer, "enricher", TIMEOUT, "timeout-" + i, t0.plusSeconds(100 + i));
          deadLetter(producer, "auditor", BAD_PRICE, "other-" + i, t0.plusSeconds(200 + i));
        }
      }
      start(cluster);
      client.resource(pipeline(kafka.bootstrapServers())).create();
      client.resource(worker()).create();
      await().atMost(Duration.ofSeconds(30)).until(() -> worker(client).getStatus() != null
          && worker(client).getStatus().getDeadLetters() != null);
      // the Worker's 40 dead letters counted (not the other Worker's), the oldest first
      DeadLetterStatus counted = worker(client).getStatus().getDeadLetters();
      assertThat(counted.getTopic()).isEqualTo(DLQ);
      assertThat(counted.getRecords()).isEqualTo(40);
      assertThat(counted.getOldestTime()).isEqualTo(Instant.ofEpochMilli(t0.toEpochMilli()).toString());
      assertThat(meters.get(WorkerDeadLetters.RECORDS).tag("worker", "enricher").gauge().value()).isEqualTo(40);
      assertThat(meters.get(WorkerDeadLetters.OLDEST_AGE).tag("worker", "enricher").gauge().value()).isGreaterThan(3000);

      // the bug fixed, and the redrive of the records that failed on it, slowly enough to cut it
      cluster.edit(Worker.class, "enricher", w -> {
        w.getSpec().getErrorPolicy().setMaxAttempts(5);
        // 3 a second: 10 s for the 30, several times what it takes to see the first and stop
        w.getSpec().setRedrive(redrive("fix-1", BAD_PRICE, null, 3));
        return w;
      });
      await().atMost(Duration.ofSeconds(30)).until(() -> redrive(client) != null && redrive(client).getSent() != null
          && redrive(client).getSent() >= 1);
      stop();
      RedriveStatus cut = redrive(client);
      assertThat(cut.getPhase()).isEqualTo(RedrivePlan.RUNNING);
      // really cut in the middle: the position committed for the id (with its counts) is short of the 30
      long sentAtCut = kafka.admin().listConsumerGroupOffsets(RedrivePlan.group(NAMESPACE, "enricher", "fix-1"))
          .partitionsToOffsetAndMetadata().get().values().stream()
          .mapToLong(o -> RedrivePlan.Counts.decode(o.metadata()).sent()).sum();
      assertThat(sentAtCut).isBetween(1L, 29L);
      assertThat(cut.getUntilOffsets()).containsOnlyKeys("0", "1");
      assertThat(cut.getUntilOffsets().values().stream().mapToLong(Long::longValue).sum()).isEqualTo(50);
      start(cluster);
      await().atMost(Duration.ofSeconds(30)).until(() -> RedrivePlan.SUCCEEDED.equals(redrive(client).getPhase()));

      RedriveStatus done = redrive(client);
      assertThat(done.getCompletedId()).isEqualTo("fix-1");
      assertThat(done.getMatched()).isEqualTo(30);
      assertThat(done.getSent()).isEqualTo(30);
      assertThat(done.getSkipped()).isEqualTo(10); // the timeouts; the other Worker's are not counted
      assertThat(done.getRequestedTime()).isNotNull();
      assertThat(done.getStartTime()).isNotNull();
      assertThat(done.getFinishTime()).isNotNull();
      List<ConsumerRecord<byte[], byte[]>> redriven = readInput(kafka, 30);
      assertThat(redriven).hasSize(30);
      assertThat(redriven).map(r -> text(r.key())).doesNotHaveDuplicates()
          .containsExactlyInAnyOrderElementsOf(range("price-", 30));
      for (ConsumerRecord<byte[], byte[]> r : redriven) {
        String key = text(r.key());
        assertThat(text(r.value())).isEqualTo("{\"order\":\"" + key + "\"}");
        assertThat(header(r, "trace-id")).isEqualTo("trace-" + key);
        assertThat(header(r, RedrivePlan.REDRIVE_ID_HEADER)).isEqualTo("fix-1");
        assertThat(header(r, "tributary.error.class")).isNull();
      }
      await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertThat(events(client))
          .anyMatch(e -> e.startsWith(WorkerRedrives.STARTED + ": redrive fix-1 (errorClass " + BAD_PRICE))
          .anyMatch(e -> e.startsWith(WorkerRedrives.DONE + ": redrive fix-1: sent 30 of 30")));

      // more dead letters, the same request applied again (another change beside it): nothing is sent
      Instant t1 = Instant.now().minusSeconds(60);
      try (KafkaProducer<byte[], byte[]> producer = producer(kafka)) {
        for (int i = 0; i < 5; i++) {
          deadLetter(producer, "enricher", BAD_PRICE, "late-" + i, t1.plusSeconds(i));
        }
      }
      cluster.edit(Worker.class, "enricher", w -> {
        w.getSpec().getErrorPolicy().setMaxAttempts(6);
        return w;
      });
      double reconciled = reconciliations();
      await().atMost(Duration.ofSeconds(20)).until(() -> reconciliations() > reconciled);
      stop();
      start(cluster); // an operator restart does not carry it out again either
      await().atMost(Duration.ofSeconds(20)).until(() -> reconciliations() > 0);
      Thread.sleep(1000);
      assertThat(readInput(kafka, 31)).hasSize(30);
      assertThat(redrive(client)).isEqualTo(done);
      // a filtered redrive does not count as redriving the Worker's dead letters: 40 + 5 now
      await().atMost(Duration.ofSeconds(20)).until(() -> worker(client).getStatus().getDeadLetters().getRecords() == 45);

      // a new id from t1 on: only the later dead letters
      cluster.edit(Worker.class, "enricher", w -> {
        w.getSpec().setRedrive(redrive("fix-2", null, t1.minusSeconds(1).toString(), 500));
        return w;
      });
      await().atMost(Duration.ofSeconds(30)).until(() -> "fix-2".equals(redrive(client).getCompletedId()));
      assertThat(redrive(client).getSent()).isEqualTo(5);
      assertThat(redrive(client).getSkipped()).isEqualTo(40);
      List<ConsumerRecord<byte[], byte[]>> all = readInput(kafka, 35);
      assertThat(all).hasSize(35);
      assertThat(all).filteredOn(r -> "fix-2".equals(header(r, RedrivePlan.REDRIVE_ID_HEADER)))
          .map(r -> text(r.key())).containsExactlyInAnyOrderElementsOf(range("late-", 5));

      // one without a filter takes them all (a new id sends again): none left to redrive
      cluster.edit(Worker.class, "enricher", w -> {
        w.getSpec().setRedrive(redrive("all-1", null, null, 1000));
        return w;
      });
      await().atMost(Duration.ofSeconds(30)).until(() -> "all-1".equals(redrive(client).getCompletedId()));
      assertThat(redrive(client).getSent()).isEqualTo(45);
      await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
        DeadLetterStatus none = worker(client).getStatus().getDeadLetters();
        assertThat(none.getRecords()).isZero();
        assertThat(none.getOldestTime()).isNull();
        assertThat(none.getRedrivenUntilOffsets()).isEqualTo(redrive(client).getUntilOffsets());
        assertThat(meters.get(WorkerDeadLetters.RECORDS).tag("worker", "enricher").gauge().value()).isZero();
      });
      // the Worker deleted: no gauge of it stays behind
      client.resources(Worker.class).inNamespace(NAMESPACE).withName("enricher").delete();
      await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
        assertThat(meters.find(WorkerDeadLetters.RECORDS).tag("worker", "enricher").meters()).isEmpty();
        assertThat(meters.find(WorkerDeadLetters.OLDEST_AGE).tag("worker", "enricher").meters()).isEmpty();
      });
      stop();
    }
  }

  private TributaryOperator operator;
  private KafkaTopicAdmin.CachingFactory admins;
  private SimpleMeterRegistry meters;

  /** The operator with the real Kafka Admin client (the dead-letter scan reads the topic). */
  private void start(MockCluster cluster) {
    meters = new SimpleMeterRegistry();
    admins = new KafkaTopicAdmin.CachingFactory();
    operator = TributaryOperator.builder(cluster.client()).topicAdmins(admins).meters(meters).build().start();
  }

  private void stop() {
    operator.close();
    admins.close();
  }

  private double reconciliations() {
    var c = meters.find("tributary.reconciliations").tag("kind", "Worker").counter();
    return c == null ? 0 : c.count();
  }

  private static KafkaProducer<byte[], byte[]> producer(EmbeddedKafkaBroker kafka) {
    Properties p = new Properties();
    p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
    p.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
    p.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
    return new KafkaProducer<>(p);
  }

  /** A record as the runtime's DeadLetterPublisher writes it: key, value, original headers, tributary.* ones. */
  private static void deadLetter(KafkaProducer<byte[], byte[]> producer, String component, String errorClass, String key,
      Instant at) {
    {
      List<Header> headers = new ArrayList<>();
      headers.add(new RecordHeader("trace-id", bytes("trace-" + key)));
      headers.add(new RecordHeader("tributary.error.class", bytes(errorClass)));
      headers.add(new RecordHeader("tributary.error.message", bytes("failed")));
      headers.add(new RecordHeader("tributary.original.topic", bytes(INPUT)));
      headers.add(new RecordHeader("tributary.attempts", bytes("3")));
      headers.add(new RecordHeader("tributary.component", bytes(component)));
      producer.send(new ProducerRecord<>(DLQ, null, at.toEpochMilli(), bytes(key), bytes("{\"order\":\"" + key + "\"}"),
          headers));
    }
  }

  /** The input topic from the beginning, read_committed, until {@code expect} records or 3 s of nothing more. */
  private static List<ConsumerRecord<byte[], byte[]>> readInput(EmbeddedKafkaBroker kafka, int expect) {
    Properties p = new Properties();
    p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
    p.put(ConsumerConfig.GROUP_ID_CONFIG, "reader-" + UUID.randomUUID());
    p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    p.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
    p.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
    List<ConsumerRecord<byte[], byte[]>> out = new ArrayList<>();
    try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(p)) {
      consumer.subscribe(List.of(INPUT));
      long quietUntil = System.currentTimeMillis() + 3000;
      while (System.currentTimeMillis() < quietUntil) {
        for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(200))) {
          out.add(r);
        }
        if (out.size() >= expect) {
          // a little longer: a duplicate would show up now
          quietUntil = Math.min(quietUntil, System.currentTimeMillis() + 500);
        }
      }
    }
    return out;
  }

  private static List<String> range(String prefix, int n) {
    List<String> out = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      out.add(prefix + i);
    }
    return out;
  }

  private static WorkerRedrive redrive(String id, String errorClass, String fromTime, int rate) {
    WorkerRedrive r = new WorkerRedrive();
    r.setId(id);
    r.setErrorClass(errorClass);
    r.setFromTime(fromTime);
    r.setRecordsPerSecond(rate);
    return r;
  }

  private static Worker worker(KubernetesClient client) {
    return client.resources(Worker.class).inNamespace(NAMESPACE).withName("enricher").get();
  }

  private static RedriveStatus redrive(KubernetesClient client) {
    Worker w = worker(client);
    return w.getStatus() == null ? null : w.getStatus().getRedrive();
  }

  private static List<String> events(KubernetesClient client) {
    return client.v1().events().inNamespace(NAMESPACE).list().getItems().stream()
        .filter(e -> "enricher".equals(e.getInvolvedObject().getName()) && "Worker".equals(e.getInvolvedObject().getKind()))
        .map(e -> e.getReason() + ": " + e.getMessage())
        .toList();
  }

  private static String header(ConsumerRecord<byte[], byte[]> r, String key) {
    Header h = r.headers().lastHeader(key);
    return h == null ? null : text(h.value());
  }

  private static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  private static String text(byte[] b) {
    return b == null ? null : new String(b, StandardCharsets.UTF_8);
  }

  static Pipeline pipeline(String bootstrap) {
    return Serialization.unmarshal("""
        apiVersion: tributary.io/v1alpha1
        kind: Pipeline
        metadata: {name: shop, namespace: default}
        spec:
          kafka: {bootstrapServers: "%s"}
          redis: {url: "redis://redis.default.svc:6379/0"}
          topics:
            - {name: orders, partitions: 2, replicas: 1}
        """.formatted(bootstrap), Pipeline.class);
  }

  static Worker worker() {
    return Serialization.unmarshal("""
        apiVersion: tributary.io/v1alpha1
        kind: Worker
        metadata: {name: enricher, namespace: default}
        spec:
          pipeline: shop
          input: {topic: {name: orders}}
          processors: [{log: {}}]
          errorPolicy: {maxAttempts: 3}
          replicas: 1
        """, Worker.class);
  }
}
