package io.tributary.operator.kube;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.tributary.api.v1alpha1.NetworkPolicySettings;
import io.tributary.api.v1alpha1.Pipeline;
import io.tributary.api.v1alpha1.Producer;
import io.tributary.operator.model.NetworkPolicyModel;
import io.tributary.operator.sandbox.kube.LocalControlPlane;
import io.tributary.operator.testing.kube.ClusterCrds;
import io.tributary.operator.testing.kube.OperatorOnCluster;
import io.tributary.operator.testing.kube.RealControlPlane;
import io.tributary.operator.testing.kube.TestNamespace;
import io.tributary.runtime.embedded.EmbeddedKafkaBroker;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The Pipeline's NetworkPolicy on a real API server: what the model builds is accepted as it is
 * (strict field validation, the server's own networking.k8s.io/v1 schema and validation of
 * selectors, CIDRs and ports), and the operator applies it, owned by the Pipeline, and the
 * garbage collector removes it with the Pipeline.
 */
@RealControlPlane
class NetworkPolicyOnRealServerIT {
  private static final Duration WAIT = Duration.ofSeconds(60);

  @BeforeEach
  void crds(LocalControlPlane plane) {
    ClusterCrds.installAll(plane);
  }

  @Test
  void theModelsNetworkPolicyWithEveryKindOfPeerIsAcceptedByStrictValidation(LocalControlPlane plane,
      TestNamespace namespace) throws Exception {
    Pipeline pipeline = new Components(namespace.name()).pipeline("kafka-0.kafka:9092,[fd00::1]:9093",
        "redis://redis:6380/0", "Retain");
    pipeline.getMetadata().setUid("00000000-0000-0000-0000-000000000001");
    pipeline.getSpec().setNetworkPolicy(Serialization.unmarshal("""
        ingestFrom:
          - namespaceSelector: {matchLabels: {team: payments}}
            podSelector: {matchExpressions: [{key: app, operator: In, values: [checkout]}]}
          - ipBlock: {cidr: 10.0.0.0/8, except: [10.1.0.0/16]}
        metricsFrom: [{namespaceSelector: {matchLabels: {kubernetes.io/metadata.name: monitoring}}}]
        """, NetworkPolicySettings.class));
    Producer api = Serialization.unmarshal("""
        apiVersion: tributary.io/v1alpha1
        kind: Producer
        metadata: {name: api, namespace: %s}
        spec: {pipeline: orders, topic: orders, source: {http: {port: 8088, auth: none}}}
        """.formatted(namespace.name()), Producer.class);
    NetworkPolicy policy = NetworkPolicyModel.networkPolicy(pipeline, "kafka-0.kafka:9092,[fd00::1]:9093",
        List.of(api), List.of());
    // an owner reference to an object that does not exist is accepted (and collected later): drop it
    // so that the object stays while it is looked at
    policy.getMetadata().setOwnerReferences(null);

    try (KubernetesClient admin = plane.adminClient()) {
      ServerAnswer answer = new StrictCreate(admin).create(
          new ObjectMapper().readTree(Serialization.asJson(policy)), namespace.name());
      assertThat(answer.code()).as(answer.body()).isEqualTo(201);
      NetworkPolicy stored = admin.network().v1().networkPolicies().inNamespace(namespace.name())
          .withName("orders-pipeline").get();
      assertThat(stored.getSpec().getIngress()).hasSize(2);
      assertThat(stored.getSpec().getIngress().get(0).getFrom()).hasSize(2);
      assertThat(stored.getSpec().getEgress()).singleElement()
          .satisfies(rule -> assertThat(rule.getPorts()).hasSize(5)); // TCP 53, 6380, 9092, 9093; UDP 53
    }
  }

  @Test
  void theOperatorAppliesItOwnedByThePipelineAndTheGarbageCollectorTakesItWithThePipeline(
      LocalControlPlane plane, TestNamespace namespace) throws Exception {
    Components components = new Components(namespace.name());
    try (EmbeddedKafkaBroker kafka = EmbeddedKafkaBroker.start();
        OperatorOnCluster operator = OperatorOnCluster.start(plane.clientAs("tributary-operator"));
        KubernetesClient user = plane.clientAs("gitops-controller")) {
      Pipeline pipeline = user.resource(components.pipeline(kafka.bootstrapServers(), "redis://redis.invalid:6379/0",
          "Retain")).create();
      user.resource(Serialization.unmarshal("""
          apiVersion: tributary.io/v1alpha1
          kind: Producer
          metadata: {name: api, namespace: %s}
          spec: {pipeline: %s, topic: %s, source: {http: {port: 8088, auth: none}}}
          """.formatted(namespace.name(), Components.PIPELINE, Components.TOPIC), Producer.class)).create();

      var policies = user.network().v1().networkPolicies().inNamespace(namespace.name());
      await("the NetworkPolicy with the Producer's ingest port").atMost(WAIT).untilAsserted(() -> {
        NetworkPolicy live = policies.withName(Components.PIPELINE + "-pipeline").get();
        assertThat(live).isNotNull();
        assertThat(live.getSpec().getIngress().get(0).getPorts()).singleElement()
            .satisfies(p -> assertThat(p.getPort().getStrVal()).as("the ingest port by name").isEqualTo("http"));
      });
      NetworkPolicy live = policies.withName(Components.PIPELINE + "-pipeline").get();
      assertThat(live.getMetadata().getOwnerReferences()).singleElement().satisfies(ref -> {
        assertThat(ref.getKind()).isEqualTo("Pipeline");
        assertThat(ref.getUid()).isEqualTo(pipeline.getMetadata().getUid());
        assertThat(ref.getController()).isTrue();
        assertThat(ref.getBlockOwnerDeletion()).isTrue();
      });
      String port = String.valueOf(kafka.bootstrapServers().substring(kafka.bootstrapServers().lastIndexOf(':') + 1));
      assertThat(live.getSpec().getEgress().get(0).getPorts())
          .anySatisfy(p -> assertThat(String.valueOf(p.getPort().getIntVal())).isEqualTo(port));

      user.resource(pipeline).delete();
      await("the NetworkPolicy collected with its Pipeline").atMost(WAIT)
          .until(() -> policies.withName(Components.PIPELINE + "-pipeline").get() == null);
    }
  }
}
