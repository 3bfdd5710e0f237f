package io.tributary.operator.reconciler;

import static io.tributary.operator.testing.Fixtures.NAMESPACE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.tributary.api.v1alpha1.EtlSchedule;
import io.tributary.api.v1alpha1.Pipeline;
import io.tributary.api.v1alpha1.SecretKeyReference;
import io.tributary.operator.testing.Fixtures;
import io.tributary.operator.testing.MockCluster;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Issue 14: an EtlSchedule's CronJob would get the Pipeline's Secrets; one that did not opt in
 * ({@code tributary.io/usable-by-pipelines: "true"}) stops the schedule before anything is applied.
 */
class EtlSecretOptInIT {
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
  void aScheduleOfAPipelineWhoseRedisUrlSecretDidNotOptInGetsNoCronJobUntilItIsLabelled() {
    client.resource(Fixtures.secret("etl-redis", false, Map.of("url", "redis://attacker.example:6379/0"))).create();
    Pipeline pipeline = Fixtures.strimziPipeline("e1");
    SecretKeyReference ref = new SecretKeyReference();
    ref.setName("etl-redis");
    ref.setKey("url");
    pipeline.getSpec().getRedis().setUrl(null);
    pipeline.getSpec().getRedis().setUrlSecretRef(ref);
    client.resource(pipeline).create();
    client.resource(Fixtures.etl("rollup1", "e1")).create();

    await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
      var ready = schedule("rollup1").getStatus().condition("Ready");
      assertThat(ready.getStatus()).isEqualTo("False");
      assertThat(ready.getReason()).isEqualTo("SecretNotUsable");
      assertThat(ready.getMessage()).startsWith("spec.redis.urlSecretRef of Pipeline \"e1\": Secret \"etl-redis\""
          + " in namespace \"default\" does not carry the label tributary.io/usable-by-pipelines: \"true\"");
    });
    assertThat(client.batch().v1().cronjobs().inNamespace(NAMESPACE).list().getItems())
        .noneMatch(c -> c.getMetadata().getName().startsWith("rollup1"));
    assertThat(client.configMaps().inNamespace(NAMESPACE).list().getItems())
        .noneMatch(c -> c.getMetadata().getName().startsWith("rollup1"));

    client.secrets().inNamespace(NAMESPACE).withName("etl-redis").edit(secret -> {
      secret.getMetadata().setLabels(Map.of("tributary.io/usable-by-pipelines", "true"));
      return secret;
    });
    // Secrets are not watched: the refused schedule is looked at again (Rechecks#refused)
    await().atMost(Duration.ofSeconds(90)).untilAsserted(() -> assertThat(client.batch().v1().cronjobs()
        .inNamespace(NAMESPACE).list().getItems()).anyMatch(c -> c.getMetadata().getName().startsWith("rollup1")));
  }

  private static EtlSchedule schedule(String name) {
    return client.resources(EtlSchedule.class).inNamespace(NAMESPACE).withName(name).get();
  }
}
