package io.tributary.operator.model;

import static io.tributary.operator.model.ModelFixtures.stored;
import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPort;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.tributary.api.v1alpha1.EtlSchedule;
import io.tributary.api.v1alpha1.NetworkPolicySettings;
import io.tributary.api.v1alpha1.Pipeline;
import io.tributary.api.v1alpha1.Producer;
import io.tributary.operator.testing.Fixtures;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class NetworkPolicyModelTest {

  private final Pipeline payments = stored(Fixtures.plainPipeline("payments", "Retain"));

  @Test
  void selectsThePipelinesPodsWithThePodMonitorsSelectorAndIsOwnedByThePipeline() {
    NetworkPolicy policy = NetworkPolicyModel.networkPolicy(payments, "kafka-0.kafka:9092", List.of(), List.of());
    assertThat(policy.getMetadata().getName()).isEqualTo("payments-pipeline");
    assertThat(policy.getMetadata().getNamespace()).isEqualTo("default");
    assertThat(policy.getSpec().getPodSelector().getMatchLabels())
        .isEqualTo(Map.of("tributary.io/pipeline", "payments", "app.kubernetes.io/part-of", "tributary",
            "app.kubernetes.io/managed-by", "tributary-operator"))
        .isEqualTo(((Map<?, ?>) ((Map<?, ?>) MonitoringModel.podMonitor(payments).getAdditionalProperties()
            .get("spec")).get("selector")).get("matchLabels"));
    assertThat(policy.getSpec().getPolicyTypes()).containsExactly("Ingress", "Egress");
    assertThat(policy.getMetadata().getOwnerReferences()).singleElement().satisfies(ref -> {
      assertThat(ref.getKind()).isEqualTo("Pipeline");
      assertThat(ref.getName()).isEqualTo("payments");
      assertThat(ref.getController()).isTrue();
    });
  }

  @Test
  void ingressOnlyToTheNamedIngestPortOfHttpProducersAndToTheMetricsPort() {
    Producer api = stored(Fixtures.httpProducer("api", "payments"));
    Producer second = stored(Fixtures.httpProducer("api2", "payments"));
    second.getSpec().getSource().getHttp().setPort(8088);
    Producer otherPipeline = stored(Fixtures.httpProducer("other", "orders"));
    otherPipeline.getSpec().getSource().getHttp().setPort(7000);
    Producer ticker = stored(Fixtures.marketDataProducer("ticker", "payments"));

    NetworkPolicy policy = NetworkPolicyModel.networkPolicy(payments, "kafka-0.kafka:9092",
        List.of(api, second, otherPipeline, ticker), List.of());

    assertThat(policy.getSpec().getIngress()).hasSize(2);
    // by the container port's name: whatever number each Producer listens on, and a change of it
    // needs no update of the policy
    assertThat(ports(policy.getSpec().getIngress().get(0).getPorts())).containsExactly("TCP/http");
    assertThat(policy.getSpec().getIngress().get(0).getFrom()).as("default: from anyone").isEmpty();
    assertThat(ports(policy.getSpec().getIngress().get(1).getPorts())).containsExactly("TCP/9404");
    assertThat(policy.getSpec().getIngress().get(1).getFrom()).isEmpty();

    NetworkPolicy withoutHttp = NetworkPolicyModel.networkPolicy(payments, "kafka-0.kafka:9092", List.of(ticker), List.of());
    assertThat(withoutHttp.getSpec().getIngress()).singleElement()
        .satisfies(rule -> assertThat(ports(rule.getPorts())).containsExactly("TCP/9404"));
  }

  @Test
  void ingestAndMetricsSourcesAreThePeersOfTheSpec() {
    payments.getSpec().setNetworkPolicy(Serialization.unmarshal("""
        ingestFrom:
          - namespaceSelector: {matchLabels: {team: payments}}
            podSelector: {matchLabels: {app: checkout}}
          - ipBlock: {cidr: 10.0.0.0/8, except: [10.1.0.0/16]}
        metricsFrom:
          - namespaceSelector: {matchLabels: {kubernetes.io/metadata.name: monitoring}}
        """, NetworkPolicySettings.class));
    NetworkPolicy policy = NetworkPolicyModel.networkPolicy(payments, "kafka-0.kafka:9092",
        List.of(stored(Fixtures.httpProducer("api", "payments"))), List.of());

    var ingest = policy.getSpec().getIngress().get(0).getFrom();
    assertThat(ingest).hasSize(2);
    assertThat(ingest.get(0).getNamespaceSelector().getMatchLabels()).isEqualTo(Map.of("team", "payments"));
    assertThat(ingest.get(0).getPodSelector().getMatchLabels()).isEqualTo(Map.of("app", "checkout"));
    assertThat(ingest.get(0).getIpBlock()).isNull();
    assertThat(ingest.get(1).getIpBlock().getCidr()).isEqualTo("10.0.0.0/8");
    assertThat(ingest.get(1).getIpBlock().getExcept()).containsExactly("10.1.0.0/16");
    assertThat(ingest.get(1).getNamespaceSelector()).isNull();
    assertThat(policy.getSpec().getIngress().get(1).getFrom()).singleElement()
        .satisfies(peer -> assertThat(peer.getNamespaceSelector().getMatchLabels())
            .isEqualTo(Map.of("kubernetes.io/metadata.name", "monitoring")));
  }

  @Test
  void egressOnlyToTheKafkaAndRedisPortsTheExtractUrlsAndDns() {
    EtlSchedule reference = stored(Serialization.unmarshal("""
        apiVersion: tributary.io/v1alpha1
        kind: EtlSchedule
        metadata: {name: reference, namespace: default}
        spec:
          pipeline: payments
          schedule: "@daily"
          extract: {http: {url: "https://reference.example.com/v1/instruments"}}
          load: {redisHash: {key: "k:{id}"}}
        """, EtlSchedule.class));
    EtlSchedule csv = stored(Serialization.unmarshal("""
        apiVersion: tributary.io/v1alpha1
        kind: EtlSchedule
        metadata: {name: csv, namespace: default}
        spec:
          pipeline: payments
          schedule: "@daily"
          extract: {csv: {url: "http://files.default.svc:8000/x.csv"}}
          load: {redisHash: {key: "k:{id}"}}
        """, EtlSchedule.class));
    NetworkPolicy policy = NetworkPolicyModel.networkPolicy(payments, "kafka-0.kafka:9092,kafka-1.kafka:9093,[::1]:9094",
        List.of(), List.of(reference, csv, stored(Fixtures.etl("topic-etl", "payments"))));

    assertThat(policy.getSpec().getEgress()).singleElement().satisfies(rule -> {
      assertThat(rule.getTo()).as("a NetworkPolicy cannot name hosts: any destination").isEmpty();
      assertThat(ports(rule.getPorts()))
          .containsExactly("TCP/53", "TCP/443", "TCP/6379", "TCP/8000", "TCP/9092", "TCP/9093", "TCP/9094", "UDP/53");
    });
  }

  @Test
  void theRedisPortComesFromTheUrlOrTheSpecAndIs6379Otherwise() {
    payments.getSpec().getRedis().setUrl("redis://redis.default.svc:7000/0");
    assertThat(NetworkPolicyModel.redisPort(payments)).isEqualTo(7000);
    payments.getSpec().getRedis().setUrl("rediss://redis.default.svc/0");
    assertThat(NetworkPolicyModel.redisPort(payments)).isEqualTo(6379);
    payments.getSpec().getRedis().setUrl(null);
    assertThat(NetworkPolicyModel.redisPort(payments)).as("urlSecretRef").isEqualTo(6379);
    NetworkPolicySettings settings = new NetworkPolicySettings();
    settings.setRedisPort(6380);
    payments.getSpec().setNetworkPolicy(settings);
    assertThat(NetworkPolicyModel.redisPort(payments)).isEqualTo(6380);
  }

  @Test
  void aSentinelUrlOpensEverySentinelsPortAndTheMastersPort() {
    payments.getSpec().getRedis().setUrl("redis-sentinel://:pw@s0.redis:26379,s1.redis:26380,s2.redis/0#mymaster");
    NetworkPolicy policy = NetworkPolicyModel.networkPolicy(payments, "kafka:9092", List.of(), List.of());

    assertThat(policy.getSpec().getEgress()).singleElement().satisfies(rule -> assertThat(ports(rule.getPorts()))
        .as("the sentinels' ports, and 6379 for the master the sentinels name")
        .containsExactly("TCP/53", "TCP/6379", "TCP/9092", "TCP/26379", "TCP/26380", "UDP/53"));
    NetworkPolicySettings settings = new NetworkPolicySettings();
    settings.setRedisPort(7000);
    payments.getSpec().setNetworkPolicy(settings);
    assertThat(NetworkPolicyModel.redisPort(payments)).as("the master's port when it is not 6379").isEqualTo(7000);
    assertThat(NetworkPolicyModel.sentinelPorts(payments)).containsExactly(26379, 26380);
  }

  @Test
  void enabledUnlessTheSpecSaysFalse() {
    assertThat(NetworkPolicyModel.enabled(payments)).isTrue();
    NetworkPolicySettings settings = new NetworkPolicySettings();
    payments.getSpec().setNetworkPolicy(settings);
    assertThat(NetworkPolicyModel.enabled(payments)).isTrue();
    settings.setEnabled(false);
    assertThat(NetworkPolicyModel.enabled(payments)).isFalse();
    assertThat(NetworkPolicyModel.reference(payments).getMetadata().getName()).isEqualTo("payments-pipeline");
  }

  private static List<String> ports(List<NetworkPolicyPort> ports) {
    return ports.stream().map(p -> p.getProtocol() + "/"
        + (p.getPort().getIntVal() != null ? p.getPort().getIntVal() : p.getPort().getStrVal())).toList();
  }
}
