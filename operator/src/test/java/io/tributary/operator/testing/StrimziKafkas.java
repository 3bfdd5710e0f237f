package io.tributary.operator.testing;

import io.tributary.operator.reconciler.UpstreamResources;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinitionBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.tributary.operator.model.UpstreamKind;
import java.util.List;
import java.util.Map;

/**
 * Strimzi's {@code Kafka} kind for tests: its CRD is not in {@code ../shared/schemas}, and only
 * being served and the published {@code status.listeners} matter to the operator.
 */
public final class StrimziKafkas {
  private StrimziKafkas() {}

  /** A {@code kafkas.kafka.strimzi.io} CRD serving {@code v1} with a status subresource and any fields. */
  public static CustomResourceDefinition crd() {
    return new CustomResourceDefinitionBuilder()
        .withNewMetadata().withName("kafkas.kafka.strimzi.io").endMetadata()
        .withNewSpec().withGroup("kafka.strimzi.io").withScope("Namespaced")
        .withNewNames().withKind("Kafka").withListKind("KafkaList").withPlural("kafkas").withSingular("kafka").endNames()
        .addNewVersion().withName("v1").withServed(true).withStorage(true)
        .withNewSchema().withNewOpenAPIV3Schema().withType("object").withXKubernetesPreserveUnknownFields(true)
        .endOpenAPIV3Schema().endSchema()
        .withNewSubresources().withNewStatus().endStatus().endSubresources()
        .endVersion().endSpec().build();
  }

  /**
   * Creates (if needed) Kafka {@code namespace/name} with a {@code plain} listener and publishes
   * {@code plainBootstrap} as that listener's address in its status, as Strimzi's cluster operator does.
   */
  public static void publish(KubernetesClient client, String namespace, String name, String plainBootstrap) {
    var kafkas = client.genericKubernetesResources(UpstreamResources.context(UpstreamKind.KAFKA)).inNamespace(namespace);
    GenericKubernetesResource kafka = kafkas.withName(name).get();
    if (kafka == null) {
      kafka = kafkas.resource(Serialization.unmarshal("""
          apiVersion: kafka.strimzi.io/v1
          kind: Kafka
          metadata: {name: %s}
          spec: {kafka: {listeners: [{name: plain, port: 9092, type: internal, tls: false}]}}
          """.formatted(name), GenericKubernetesResource.class)).create();
    }
    kafka.setAdditionalProperty("status", Map.of("listeners", List.of(
        Map.of("name", "plain", "bootstrapServers", plainBootstrap))));
    kafkas.resource(kafka).updateStatus();
  }
}
