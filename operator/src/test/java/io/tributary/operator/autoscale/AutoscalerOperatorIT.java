package io.tributary.operator.autoscale;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.tributary.api.v1alpha1.Pipeline;
import io.tributary.api.v1alpha1.Worker;
import io.tributary.operator.TributaryOperator;
import io.tributary.operator.testing.MockCluster;
import io.tributary.runtime.embedded.EmbeddedKafkaBroker;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.Test;

/**
 * The operator (mock API in CRUD mode) with the autoscaler extension against a real broker: a
 * backlog takes the Worker's Deployment to the expected replicas in one step; once consumed, the
 * count comes back after the stabilization window (the clock is moved, nobody sleeps for minutes).
 */
class AutoscalerOperatorIT {

  @Test
  void aBacklogScalesTheDeploymentInOneStepAndBackAfterTheWindow() throws Exception {
    Fakes.TestClock clock = new Fakes.TestClock(Instant.parse("2026-11-22T07:00:00Z"));
    try (EmbeddedKafkaBroker kafka = EmbeddedKafkaBroker.start();
        MockCluster cluster = MockCluster.start(false)) {
      kafka.createTopic("market-data-stream", 6);
      KubernetesClient client = cluster.client();
      AutoscalerExtension extension = new AutoscalerExtension();
      try (TributaryOperator operator = TributaryOperator.builder(client).topicAdmins(cluster.topicAdmin())
          .meters(new SimpleMeterRegistry()).clock(clock).extension(extension).build().start()) {
        client.resource(pipeline(kafka.bootstrapServers())).create();
        client.resource(worker()).create();
        await().atMost(Duration.ofSeconds(30)).until(() -> deployment(client) != null);

        // 600 records nobody consumed yet: the group starts from earliest, so all of it is lag
        produce(kafka, 600);
        await().atMost(Duration.ofSeconds(30)).until(() -> replicas(client) == 6 && lag(client) != null && lag(client) == 600L);

        Worker scaled = client.resources(Worker.class).inNamespace("default").withName("cache-writer").get();
        assertThat(scaled.getStatus().getDesiredReplicas()).isEqualTo(6);
        assertThat(scaled.getStatus().getPartitions()).isEqualTo(6);
        assertThat(scaled.getStatus().getLag()).isEqualTo(600);
        assertThat(scaled.getStatus().getLastScaleReason()).startsWith("lag 600 > 1 replica x 100;").endsWith("-> 6");
        Condition healthy = scaled.getStatus().getConditions().stream()
            .filter(c -> c.getType().equals("ScalerHealthy")).findFirst().orElseThrow();
        assertThat(healthy.getStatus()).isEqualTo("True");
        List<Event> events = client.v1().events().inNamespace("default").list().getItems();
        assertThat(events).anySatisfy(e -> {
          assertThat(e.getReason()).isEqualTo("Scaled");
          assertThat(e.getMessage()).startsWith("Scaled from 1 to 6 replicas: lag 600 > 1 replica x 100;");
        });

        // consumed; the reconciler keeps the autoscaler's count and the window holds it
        commitToEnd(kafka);
        await().atMost(Duration.ofSeconds(30)).until(() -> lag(client) == 0L);
        io.tributary.operator.testing.Conflicts.retry(() -> client.resources(Worker.class).inNamespace("default").withName("cache-writer")
            .edit(w -> { w.getMetadata().setLabels(Map.of("touched", "yes")); return w; }));
        Thread.sleep(3000);
        assertThat(replicas(client)).isEqualTo(6);

        clock.advance(Duration.ofSeconds(301));
        await().atMost(Duration.ofSeconds(30)).until(() -> replicas(client) == 1);
      }
    }
  }

  static Pipeline pipeline(String bootstrap) {
    return Serialization.unmarshal("""
        apiVersion: tributary.io/v1alpha1
        kind: Pipeline
        metadata: {name: market-data, namespace: default}
        spec:
          kafka: {bootstrapServers: "%s"}
          redis: {url: "redis://redis.default.svc:6379/0"}
          topics:
            - {name: market-data-stream, partitions: 6, replicas: 1, retention: 1d}
        """.formatted(bootstrap), Pipeline.class);
  }

  static Worker worker() {
    return Serialization.unmarshal("""
        apiVersion: tributary.io/v1alpha1
        kind: Worker
        metadata: {name: cache-writer, namespace: default}
        spec:
          pipeline: market-data
          input: {topic: {name: market-data-stream}}
          processors: [{log: {}}]
          autoscaling: {minReplicas: 1, maxReplicas: 12, lagThreshold: 100, pollIntervalSeconds: 1}
        """, Worker.class);
  }

  static Deployment deployment(KubernetesClient client) {
    return client.apps().deployments().inNamespace("default").withName("cache-writer-worker").get();
  }

  static int replicas(KubernetesClient client) {
    Deployment d = deployment(client);
    return d == null || d.getSpec().getReplicas() == null ? 1 : d.getSpec().getReplicas();
  }

  static Long lag(KubernetesClient client) {
    Worker w = client.resources(Worker.class).inNamespace("default").withName("cache-writer").get();
    return w == null || w.getStatus() == null ? null : w.getStatus().getLag();
  }

  static void produce(EmbeddedKafkaBroker kafka, int count) {
    Properties props = new Properties();
    props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
    props.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
    props.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
    try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(props)) {
      for (int i = 0; i < count; i++) {
        producer.send(new ProducerRecord<>("market-data-stream", i % 6, null, "{}".getBytes()));
      }
    }
  }

  static void commitToEnd(EmbeddedKafkaBroker kafka) throws Exception {
    Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
    for (int p = 0; p < 6; p++) {
      latest.put(new TopicPartition("market-data-stream", p), OffsetSpec.latest());
    }
    Map<TopicPartition, OffsetAndMetadata> commits = new HashMap<>();
    kafka.admin().listOffsets(latest).all().get().forEach((tp, info) -> commits.put(tp, new OffsetAndMetadata(info.offset())));
    kafka.admin().alterConsumerGroupOffsets("market-data.cache-writer", commits).all().get();
  }
}
