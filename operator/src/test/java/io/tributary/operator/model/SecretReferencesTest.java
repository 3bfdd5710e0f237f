package io.tributary.operator.model;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.client.utils.Serialization;
import io.tributary.api.v1alpha1.Pipeline;
import io.tributary.api.v1alpha1.Producer;
import io.tributary.api.v1alpha1.TributaryApi;
import io.tributary.operator.model.SecretReferences.Reference;
import io.tributary.operator.testing.Fixtures;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SecretReferencesTest {
  private static final Pipeline ALL = Serialization.unmarshal("""
      apiVersion: tributary.io/v1alpha1
      kind: Pipeline
      metadata: {name: p, namespace: default}
      spec:
        kafka:
          bootstrapServers: kafka:9093
          tls: {caSecretRef: {name: ca, key: ca.crt}}
          authentication: {type: scram-sha-512, secretRef: {name: user}}
        redis: {urlSecretRef: {name: redis-url, key: url}, passwordSecretRef: {name: redis-pw, key: password},
          sentinelPasswordSecretRef: {name: sentinel-pw, key: password},
          acl: {adminSecretRef: {name: redis-admin, key: password}}}
        topics: [{name: t}]
      """, Pipeline.class);

  @Test
  void everySecretAPipelineNamesIsListedWithItsField() {
    assertThat(SecretReferences.of(ALL)).containsExactly(
        new Reference("Pipeline \"p\"", "spec.kafka.tls.caSecretRef", "ca"),
        new Reference("Pipeline \"p\"", "spec.kafka.authentication.secretRef", "user"),
        new Reference("Pipeline \"p\"", "spec.redis.urlSecretRef", "redis-url"),
        new Reference("Pipeline \"p\"", "spec.redis.passwordSecretRef", "redis-pw"),
        new Reference("Pipeline \"p\"", "spec.redis.sentinelPasswordSecretRef", "sentinel-pw"),
        new Reference("Pipeline \"p\"", "spec.redis.acl.adminSecretRef", "redis-admin"));
    assertThat(SecretReferences.of(Fixtures.strimziPipeline("plain"))).isEmpty();
  }

  /** With Strimzi nothing reads {@code authentication.secretRef}: no Secret to require or gate. */
  @Test
  void withStrimziTheAuthenticationSecretRefIsNotOneTheGateChecks() {
    Pipeline strimzi = Fixtures.strimziPipeline("p");
    strimzi.getSpec().getKafka().setAuthentication(Serialization.unmarshal(
        "{\"type\": \"scram-sha-512\", \"secretRef\": {\"name\": \"user\"}}", io.tributary.api.v1alpha1.KafkaAuthentication.class));
    assertThat(SecretReferences.of(strimzi)).isEmpty();
    PipelineWiring wiring = PipelineWiring.of(strimzi, ModelFixtures.IMAGE);
    assertThat(wiring.kafkaEnv()).as("no pod is given the Secret secretRef names").isEmpty();
    assertThat(wiring.kafkaTlsFiles()).isEmpty();
    assertThat(wiring.kafka().saslMechanism()).isEqualTo("SCRAM-SHA-512");
  }

  @Test
  void aProducerAddsItsTokenSecret() {
    Producer http = Fixtures.httpProducer("api", "p");
    assertThat(SecretReferences.of(http, ALL)).hasSize(7)
        .last().isEqualTo(new Reference("Producer \"api\"", "spec.source.http.tokenSecretRef", "ingest-token"));
    assertThat(SecretReferences.of(Fixtures.marketDataProducer("feed", "p"), Fixtures.strimziPipeline("p"))).isEmpty();
  }

  /** Every Secret the pods of a Pipeline's components reference is one the gate checks. */
  @Test
  void thePodsReferenceNoSecretTheGateDoesNotCheck() {
    Producer http = Fixtures.httpProducer("api", "p");
    PipelineWiring wiring = PipelineWiring.of(ALL, ModelFixtures.IMAGE);
    var workload = WorkloadModel.producer(http, ALL, wiring, RuntimeConfigModel.producer(http, ALL, wiring));
    java.util.Set<String> named = new java.util.TreeSet<>();
    workload.deployment().getSpec().getTemplate().getSpec().getContainers().forEach(c -> c.getEnv().forEach(e -> {
      if (e.getValueFrom() != null && e.getValueFrom().getSecretKeyRef() != null) {
        named.add(e.getValueFrom().getSecretKeyRef().getName());
      }
    }));
    var volumes = workload.deployment().getSpec().getTemplate().getSpec().getVolumes();
    if (volumes != null) {
      volumes.forEach(v -> {
        if (v.getSecret() != null) {
          named.add(v.getSecret().getSecretName());
        }
        if (v.getProjected() != null) {
          v.getProjected().getSources().forEach(s -> {
            if (s.getSecret() != null) {
              named.add(s.getSecret().getName());
            }
          });
        }
      });
    }
    assertThat(named).isNotEmpty();
    assertThat(SecretReferences.of(http, ALL)).extracting(Reference::secret).containsAll(named);
  }

  @Test
  void onlyTheLabelWithTheValueTrueOptsIn() {
    assertThat(SecretReferences.usable(Map.of(TributaryApi.USABLE_BY_PIPELINES_LABEL, "true"))).isTrue();
    assertThat(SecretReferences.usable(Map.of(TributaryApi.USABLE_BY_PIPELINES_LABEL, "True"))).isFalse();
    assertThat(SecretReferences.usable(Map.of(TributaryApi.USABLE_BY_PIPELINES_LABEL, "yes"))).isFalse();
    assertThat(SecretReferences.usable(Map.of("other", "true"))).isFalse();
    assertThat(SecretReferences.usable(new HashMap<>())).isFalse();
    assertThat(SecretReferences.usable(null)).isFalse();
  }

  @Test
  void theRefusalNamesTheFieldTheSecretAndTheLabelToAdd() {
    assertThat(SecretReferences.notLabelled(new Reference("Pipeline \"p\"", "spec.redis.passwordSecretRef", "redis-pw"),
        "shop")).isEqualTo("spec.redis.passwordSecretRef of Pipeline \"p\": Secret \"redis-pw\" in namespace \"shop\""
            + " does not carry the label tributary.io/usable-by-pipelines: \"true\"; the operator neither reads it nor"
            + " gives it to pods (add it with: kubectl -n shop label secret redis-pw tributary.io/usable-by-pipelines=true)");
  }
}
