package io.tributary.operator.model;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.tributary.api.v1alpha1.Pipeline;
import io.tributary.operator.testing.Fixtures;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Whether an existing object is this owner's: the rule that keeps the operator off others' objects. */
class OwnershipTest {

  private static Pipeline pipeline(String namespace, String uid) {
    Pipeline p = Fixtures.strimziPipeline("orders");
    p.getMetadata().setNamespace(namespace);
    p.getMetadata().setUid(uid);
    return p;
  }

  private static ConfigMap object(String namespace, Map<String, String> annotations, Map<String, String> labels) {
    return new ConfigMapBuilder().withNewMetadata().withName("x").withNamespace(namespace)
        .withAnnotations(annotations).withLabels(labels).endMetadata().build();
  }

  @Test
  void theOwnerAnnotationsOfOnePipelineDoNotMatchASameNamedPipelineOfAnotherNamespace() {
    Pipeline teamA = pipeline("team-a", "uid-a");
    Pipeline teamB = pipeline("team-b", "uid-b");
    ConfigMap ofTeamA = object("kafka", Ownership.annotations(teamA), Map.of());

    assertThat(Ownership.claim(teamA, ofTeamA)).isEqualTo(Ownership.Claim.OURS);
    assertThat(Ownership.claim(teamB, ofTeamA)).isEqualTo(Ownership.Claim.FOREIGN);
    assertThat(Ownership.conflict(ofTeamA))
        .isEqualTo("ConfigMap kafka/x exists and belongs to Pipeline team-a/orders (uid uid-a)");
  }

  @Test
  void aPipelineCreatedAgainUnderTheSameNameIsAnotherOwner() {
    ConfigMap ofTheOldOne = object("kafka", Ownership.annotations(pipeline("team-a", "uid-old")), Map.of());

    assertThat(Ownership.claim(pipeline("team-a", "uid-new"), ofTheOldOne)).isEqualTo(Ownership.Claim.FOREIGN);
  }

  @Test
  void anObjectNobodyAnnotatedIsNotOursAndSaysSo() {
    ConfigMap handMade = object("team-a", Map.of(), Map.of("app", "grafana"));

    assertThat(Ownership.claim(pipeline("team-a", "uid-a"), handMade)).isEqualTo(Ownership.Claim.FOREIGN);
    assertThat(Ownership.conflict(handMade)).isEqualTo("ConfigMap team-a/x exists and was not created by Tributary");
  }

  @Test
  void anOwnerReferenceFromAnOlderVersionStillSaysOurs() {
    Pipeline teamA = pipeline("team-a", "uid-a");
    ConfigMap old = object("team-a", Map.of(), Map.of());
    old.getMetadata().setOwnerReferences(java.util.List.of(OwnerRefs.controlledBy(teamA)));

    assertThat(Ownership.claim(teamA, old)).isEqualTo(Ownership.Claim.OURS);
    assertThat(Ownership.claim(pipeline("team-a", "uid-other"), old)).isEqualTo(Ownership.Claim.FOREIGN);
    assertThat(Ownership.conflict(old)).contains("belongs to Pipeline team-a/orders (uid uid-a)");
  }

  @Test
  void labelsOfAnOlderVersionInAnotherNamespaceAreLegacyButInTheOwnersNamespaceTheyAreNotEnough() {
    Pipeline teamA = pipeline("team-a", "uid-a");
    Map<String, String> oldLabels = Labels.of("pipeline", "orders", TopicModel.TOPIC, "orders");

    assertThat(Ownership.claim(teamA, object("kafka", Map.of(), oldLabels))).isEqualTo(Ownership.Claim.LEGACY);
    // the old version always set an owner reference in the Pipeline's own namespace
    assertThat(Ownership.claim(teamA, object("team-a", Map.of(), oldLabels))).isEqualTo(Ownership.Claim.FOREIGN);
    // labels of another name are not ours at all
    assertThat(Ownership.claim(teamA, object("kafka", Map.of(),
        Labels.of("pipeline", "payments", TopicModel.TOPIC, "payments")))).isEqualTo(Ownership.Claim.FOREIGN);
  }

  @Test
  void annotatedSaysWhetherAllOwnerAnnotationsAreThere() {
    Pipeline teamA = pipeline("team-a", "uid-a");
    HasMetadata stamped = object("kafka", Ownership.annotations(teamA), Map.of());
    HasMetadata bare = object("kafka", Map.of(), Map.of());

    assertThat(Ownership.annotated(teamA, stamped)).isTrue();
    assertThat(Ownership.annotated(teamA, bare)).isFalse();
  }
}
