package io.tributary.operator.model;

import static io.tributary.operator.model.ModelFixtures.IMAGE;
import static io.tributary.operator.model.ModelFixtures.stored;
import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.tributary.api.v1alpha1.Pipeline;
import io.tributary.api.v1alpha1.Producer;
import io.tributary.operator.testing.Fixtures;
import org.junit.jupiter.api.Test;

class StrimziBootstrapTest {
  private static final GenericKubernetesResource KAFKA = Serialization.unmarshal("""
      apiVersion: kafka.strimzi.io/v1
      kind: Kafka
      metadata: {name: my-cluster, namespace: kafka}
      status:
        listeners:
          - {name: plain, bootstrapServers: "my-cluster-kafka-bootstrap.kafka.svc:9092"}
          - {name: tls, bootstrapServers: "my-cluster-kafka-bootstrap.kafka.svc:9093"}
          - {name: external, bootstrapServers: "192.0.2.10:31092"}
      """, GenericKubernetesResource.class);

  @Test
  void theListenerNamedInThePipelineIsUsed() {
    assertThat(StrimziBootstrap.fromKafkaStatus(KAFKA, "plain")).contains("my-cluster-kafka-bootstrap.kafka.svc:9092");
    assertThat(StrimziBootstrap.fromKafkaStatus(KAFKA, "external")).contains("192.0.2.10:31092");
  }

  @Test
  void nothingPublishedYetMeansNoAddress() {
    assertThat(StrimziBootstrap.fromKafkaStatus(KAFKA, "scram")).isEmpty();
    assertThat(StrimziBootstrap.fromKafkaStatus(null, "plain")).isEmpty();
    GenericKubernetesResource starting = Serialization.unmarshal("""
        apiVersion: kafka.strimzi.io/v1
        kind: Kafka
        metadata: {name: my-cluster}
        status: {conditions: [{type: NotReady, status: "True"}]}
        """, GenericKubernetesResource.class);
    assertThat(StrimziBootstrap.fromKafkaStatus(starting, "plain")).isEmpty();
  }

  @Test
  void oldStrimziStatusesNameTheListenerByType() {
    GenericKubernetesResource old = Serialization.unmarshal("""
        apiVersion: kafka.strimzi.io/v1beta2
        kind: Kafka
        metadata: {name: my-cluster}
        status: {listeners: [{type: plain, bootstrapServers: "old-kafka-bootstrap.kafka.svc:9092"}]}
        """, GenericKubernetesResource.class);
    assertThat(StrimziBootstrap.fromKafkaStatus(old, "plain")).contains("old-kafka-bootstrap.kafka.svc:9092");
  }

  @Test
  void thePublishedAddressReachesTheRuntimeAndRollsPodsOnlyWhenItDiffers() {
    Pipeline pipeline = stored(Fixtures.strimziPipeline("market-data"));
    String convention = PipelineWiring.bootstrapServers(pipeline);
    assertThat(convention).isEqualTo("my-cluster-kafka-bootstrap.default.svc:9092");

    PipelineWiring published = PipelineWiring.of(pipeline, IMAGE, "my-cluster-kafka-bootstrap.default.svc:9092");
    PipelineWiring byConvention = PipelineWiring.of(pipeline, IMAGE);
    PipelineWiring moved = PipelineWiring.of(pipeline, IMAGE, "kafka.elsewhere.example:9092");

    assertThat(moved.kafka().bootstrapServers()).isEqualTo("kafka.elsewhere.example:9092");
    assertThat(producerHash(pipeline, published)).as("same address, same pods").isEqualTo(producerHash(pipeline, byConvention));
    assertThat(producerHash(pipeline, moved)).isNotEqualTo(producerHash(pipeline, byConvention));
  }

  private static String producerHash(Pipeline pipeline, PipelineWiring wiring) {
    Producer producer = stored(Fixtures.marketDataProducer("ticker", "market-data"));
    var deployment = WorkloadModel.producer(producer, pipeline, wiring,
        RuntimeConfigModel.producer(producer, pipeline, wiring)).deployment();
    return deployment.getSpec().getTemplate().getMetadata().getAnnotations().get(PodTemplates.CONFIG_HASH_ANNOTATION);
  }
}
