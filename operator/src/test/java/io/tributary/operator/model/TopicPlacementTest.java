package io.tributary.operator.model;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.tributary.api.v1alpha1.Pipeline;
import io.tributary.operator.testing.Fixtures;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * KafkaTopic names and who may write which KafkaTopic in a Strimzi namespace shared by Pipelines
 * of several namespaces.
 */
class TopicPlacementTest {

  /** Pipeline "orders" of {@code namespace}, its KafkaTopics in namespace "kafka". */
  private static Pipeline pipeline(String namespace, String uid) {
    Pipeline p = Fixtures.strimziPipeline("orders");
    p.getMetadata().setNamespace(namespace);
    p.getMetadata().setUid(uid);
    p.getSpec().getKafka().getStrimzi().setNamespace("kafka");
    return p;
  }

  private static GenericKubernetesResource desired(Pipeline p) {
    return TopicModel.kafkaTopic(p, TopicModel.declared(p).get(0));
  }

  /** {@code desired} as the API server would hold it after {@code owner} wrote it. */
  private static GenericKubernetesResource written(Pipeline owner, GenericKubernetesResource desired, String created) {
    GenericKubernetesResource live = Serialization.clone(desired);
    Map<String, String> annotations = new HashMap<>(Ownership.annotations(owner));
    live.getMetadata().setAnnotations(annotations);
    live.getMetadata().setCreationTimestamp(created);
    return live;
  }

  @Test
  void sameNamedPipelinesOfTwoNamespacesGetDistinctKafkaTopicsForTheSameTopicName() {
    GenericKubernetesResource a = desired(pipeline("team-a", "uid-a"));
    GenericKubernetesResource b = desired(pipeline("team-b", "uid-b"));

    assertThat(a.getMetadata().getName()).isEqualTo("team-a.market-data-stream");
    assertThat(b.getMetadata().getName()).isEqualTo("team-b.market-data-stream");
    assertThat(a.getMetadata().getNamespace()).isEqualTo("kafka");
    assertThat(TopicModel.topicName(a)).isEqualTo("market-data-stream");
  }

  @Test
  void namesStayValidAndDistinct() {
    Pipeline p = pipeline("team-a", "uid-a");
    assertThat(TopicModel.kafkaTopicName(p, "a..b")).matches("team-a\\.a\\.b-[0-9a-f]{6}");
    assertThat(TopicModel.kafkaTopicName(p, "a.-b")).isNotEqualTo(TopicModel.kafkaTopicName(p, "a..b"));
    String longName = TopicModel.kafkaTopicName(p, "t".repeat(249));
    assertThat(longName).hasSizeLessThanOrEqualTo(253).matches("[a-z0-9]([-a-z0-9.]*[a-z0-9])?");
    assertThat(longName).isNotEqualTo(TopicModel.kafkaTopicName(p, "t".repeat(248)));
  }

  @Test
  void theSecondPipelineWantingATopicOfTheSameClusterGetsAConflictNamingTheFirst() {
    Pipeline teamA = pipeline("team-a", "uid-a");
    Pipeline teamB = pipeline("team-b", "uid-b");
    List<GenericKubernetesResource> live = List.of(written(teamA, desired(teamA), "2024-01-01T00:00:00Z"));

    TopicModel.Placement placement = TopicModel.place(teamB, desired(teamB), live);

    assertThat(placement.kafkaTopic()).isNull();
    assertThat(placement.conflict()).isEqualTo("KafkaTopic kafka/team-a.market-data-stream exists and belongs to"
        + " Pipeline team-a/orders (uid uid-a), for Kafka topic market-data-stream of Strimzi cluster my-cluster");
    // the first one is not disturbed by the second's attempt
    assertThat(TopicModel.place(teamA, desired(teamA), live).conflict()).isNull();
  }

  @Test
  void ifBothGotThereTheOlderKeepsItAndTheNewerHasTheConflict() {
    Pipeline teamA = pipeline("team-a", "uid-a");
    Pipeline teamB = pipeline("team-b", "uid-b");
    List<GenericKubernetesResource> live = List.of(
        written(teamA, desired(teamA), "2024-01-01T00:00:00Z"),
        written(teamB, desired(teamB), "2024-01-01T00:00:05Z"));

    assertThat(TopicModel.place(teamA, desired(teamA), live).conflict()).isNull();
    assertThat(TopicModel.place(teamB, desired(teamB), live).conflict()).contains("team-a.market-data-stream");
  }

  @Test
  void aKafkaTopicOfAnotherStrimziClusterIsNoConflict() {
    Pipeline teamA = pipeline("team-a", "uid-a");
    Pipeline teamB = pipeline("team-b", "uid-b");
    GenericKubernetesResource otherCluster = written(teamA, desired(teamA), "2024-01-01T00:00:00Z");
    otherCluster.getMetadata().getLabels().put(TopicModel.STRIMZI_CLUSTER_LABEL, "other-cluster");

    assertThat(TopicModel.place(teamB, desired(teamB), List.of(otherCluster)).conflict()).isNull();
  }

  @Test
  void aHandMadeKafkaTopicForTheTopicIsAConflictAndSaysItWasNotCreatedByTributary() {
    Pipeline teamA = pipeline("team-a", "uid-a");
    GenericKubernetesResource handMade = Serialization.unmarshal("""
        apiVersion: kafka.strimzi.io/v1
        kind: KafkaTopic
        metadata: {name: market-data-stream, namespace: kafka, labels: {strimzi.io/cluster: my-cluster}}
        spec: {partitions: 1}
        """, GenericKubernetesResource.class);

    assertThat(TopicModel.place(teamA, desired(teamA), List.of(handMade)).conflict())
        .startsWith("KafkaTopic kafka/market-data-stream exists and was not created by Tributary");
  }

  @Test
  void aKafkaTopicOfAnOlderVersionIsKeptUnderItsNameSoStrimziGoesOnManagingTheSameOne() {
    Pipeline teamA = pipeline("team-a", "uid-a");
    GenericKubernetesResource legacy = Serialization.clone(desired(teamA));
    legacy.getMetadata().setName("market-data-stream");
    legacy.getMetadata().setAnnotations(Map.of("tributary.io/desired-hash", "abc"));

    TopicModel.Placement placement = TopicModel.place(teamA, desired(teamA), List.of(legacy));

    assertThat(placement.conflict()).isNull();
    assertThat(placement.kafkaTopic().getMetadata().getName()).isEqualTo("market-data-stream");
    // once taken over (annotated) by team-a, the same-named Pipeline of team-b cannot have it
    GenericKubernetesResource taken = written(teamA, placement.kafkaTopic(), "2024-01-01T00:00:00Z");
    Pipeline teamB = pipeline("team-b", "uid-b");
    assertThat(TopicModel.place(teamB, desired(teamB), List.of(taken)).conflict())
        .contains("kafka/market-data-stream", "Pipeline team-a/orders");
  }

  @Test
  void thePlacedKafkaTopicIsACopyAndTheDesiredOneStaysAsItWas() {
    Pipeline teamA = pipeline("team-a", "uid-a");
    GenericKubernetesResource desired = desired(teamA);
    GenericKubernetesResource legacy = Serialization.clone(desired);
    legacy.getMetadata().setName("market-data-stream");
    legacy.getMetadata().setAnnotations(Map.of("tributary.io/desired-hash", "abc"));
    String before = Canonical.json(desired);

    GenericKubernetesResource placed = TopicModel.place(teamA, desired, List.of(legacy)).kafkaTopic();
    placed.getMetadata().getLabels().put("changed", "after placing");
    @SuppressWarnings("unchecked")
    Map<String, Object> spec = (Map<String, Object>) placed.getAdditionalProperties().get("spec");
    spec.put("partitions", 99);

    assertThat(placed.getMetadata().getName()).isEqualTo("market-data-stream");
    assertThat(Canonical.json(desired)).isEqualTo(before);
  }

  @Test
  void theCreatedTopicsAreTheRecordedOrNewOnesAmongTheDeclared() {
    Pipeline p = Fixtures.plainPipeline("pay", "Delete");

    assertThat(TopicModel.createdTopics(p, null, List.of("payments-dead"))).containsExactly("payments-dead");
    assertThat(TopicModel.createdTopics(p, List.of("payments-dead", "dropped"), List.of("payments")))
        .containsExactly("payments", "payments-dead");
    assertThat(TopicModel.createdTopics(p, null, List.of())).isEmpty();
  }
}
