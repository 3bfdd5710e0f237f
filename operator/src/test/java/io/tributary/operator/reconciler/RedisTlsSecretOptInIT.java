package io.tributary.operator.reconciler;

import static io.tributary.operator.testing.Fixtures.NAMESPACE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.tributary.api.v1alpha1.Pipeline;
import io.tributary.api.v1alpha1.RedisTls;
import io.tributary.api.v1alpha1.SecretKeyReference;
import io.tributary.api.v1alpha1.Worker;
import io.tributary.operator.testing.Fixtures;
import io.tributary.operator.testing.MockCluster;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Issue 14: {@code spec.redis.tls.caSecretRef} is a referenced Secret like the others: one that did
 * not opt in ({@code tributary.io/usable-by-pipelines: "true"}) stops the Worker before anything is
 * applied; labelled, the Worker's pods mount it.
 */
class RedisTlsSecretOptInIT {
  static MockCluster cluster;
  static KubernetesClient client;

  @BeforeAll
  static void start() throws Exception {
    cluster = MockCluster.start(true);
    client = cluster.client();
    cluster.startOperator(Fixtures.FAST_RECHECKS);
  }

  @AfterAll
  static void stop() {
    cluster.close();
  }

  @Test
  void aWorkerOfAPipelineWhoseRedisCaSecretDidNotOptInGetsNoDeploymentUntilItIsLabelledAndRollsWhenItsCaIsRenewed() {
    client.resource(Fixtures.secret("redis-ca", false, Map.of("ca.crt", "-----BEGIN CERTIFICATE-----"))).create();
    Pipeline pipeline = Fixtures.strimziPipeline("t1");
    pipeline.getSpec().getRedis().setUrl("rediss://redis.default.svc:6380/0");
    SecretKeyReference ref = new SecretKeyReference();
    ref.setName("redis-ca");
    ref.setKey("ca.crt");
    RedisTls tls = new RedisTls();
    tls.setCaSecretRef(ref);
    pipeline.getSpec().getRedis().setTls(tls);
    client.resource(pipeline).create();
    client.resource(Fixtures.cacheWorker("tlsw", "t1")).create();

    await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
      var ready = client.resources(Worker.class).inNamespace(NAMESPACE).withName("tlsw").get().getStatus()
          .condition("Ready");
      assertThat(ready.getStatus()).isEqualTo("False");
      assertThat(ready.getReason()).isEqualTo("SecretNotUsable");
      assertThat(ready.getMessage()).startsWith("spec.redis.tls.caSecretRef of Pipeline \"t1\": Secret \"redis-ca\""
          + " in namespace \"default\" does not carry the label tributary.io/usable-by-pipelines: \"true\"");
    });
    assertThat(deployment()).isNull();
    assertThat(client.configMaps().inNamespace(NAMESPACE).withName("tlsw-worker-config").get()).isNull();

    client.secrets().inNamespace(NAMESPACE).withName("redis-ca").edit(secret -> {
      secret.getMetadata().setLabels(Map.of("tributary.io/usable-by-pipelines", "true"));
      return secret;
    });
    // Secrets are not watched: the refused Worker is looked at again (Rechecks#refused)
    await().atMost(Duration.ofSeconds(90)).until(() -> deployment() != null);
    var pod = deployment().getSpec().getTemplate().getSpec();
    assertThat(pod.getVolumes()).anySatisfy(v -> {
      assertThat(v.getName()).isEqualTo("redis-tls");
      assertThat(v.getProjected().getSources().get(0).getSecret().getName()).isEqualTo("redis-ca");
    });
    assertThat(pod.getContainers().get(0).getVolumeMounts())
        .anyMatch(m -> m.getName().equals("redis-tls") && m.getMountPath().equals("/etc/tributary/redis-tls"));
    assertThat(client.configMaps().inNamespace(NAMESPACE).withName("tlsw-worker-config").get().getData()
        .get("config.json")).contains("/etc/tributary/redis-tls/ca.crt");

    // a renewed CA in the same Secret: the pods read it at start, so they roll (Rechecks#credentials)
    String before = configHash();
    client.secrets().inNamespace(NAMESPACE).withName("redis-ca").edit(secret -> {
      secret.setData(Map.of("ca.crt", java.util.Base64.getEncoder().encodeToString(
          "-----BEGIN CERTIFICATE-----renewed".getBytes(java.nio.charset.StandardCharsets.UTF_8))));
      return secret;
    });
    await().atMost(Duration.ofSeconds(30)).until(() -> !before.equals(configHash()));
    String renewed = configHash();
    // and nothing else rolls them: the same CA read again gives the same hash
    await().during(Duration.ofSeconds(6)).atMost(Duration.ofSeconds(10)).until(() -> renewed.equals(configHash()));
  }

  private static String configHash() {
    return deployment().getSpec().getTemplate().getMetadata().getAnnotations()
        .get(io.tributary.operator.model.PodTemplates.CONFIG_HASH_ANNOTATION);
  }

  private static Deployment deployment() {
    return client.apps().deployments().inNamespace(NAMESPACE).withName("tlsw-worker").get();
  }
}
