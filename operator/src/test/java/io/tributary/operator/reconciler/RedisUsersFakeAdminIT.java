package io.tributary.operator.reconciler;

import static io.tributary.operator.testing.Fixtures.NAMESPACE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.tributary.api.v1alpha1.Pipeline;
import io.tributary.api.v1alpha1.Worker;
import io.tributary.operator.config.OperatorSettings;
import io.tributary.operator.testing.Fixtures;
import io.tributary.operator.testing.MockCluster;
import io.tributary.runtime.config.AllowedHosts;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@link RedisUsers} with a fake {@link RedisAclAdmin} (on the mock API server): the allowed hosts
 * are checked before any admin connection, also for a URL from {@code urlSecretRef}; Redis
 * unreachable is {@code RedisUserNotReady} without a password; the password stays the same from
 * one reconciliation to the next.
 */
class RedisUsersFakeAdminIT {
  static MockCluster cluster;
  static KubernetesClient client;
  static final List<String> opened = new CopyOnWriteArrayList<>();
  static final List<List<String>> rulesSet = new CopyOnWriteArrayList<>();
  static final AtomicBoolean unreachable = new AtomicBoolean();

  @BeforeAll
  static void start() throws Exception {
    cluster = MockCluster.start(true);
    client = cluster.client();
    client.resource(Fixtures.secret("redis-admin", true, Map.of("password", "admin-pw-fake"))).create();
    client.resource(Fixtures.secret("evil-url", true, Map.of("url", "redis://evil.example:6379/0"))).create();
    cluster.startOperator(Fixtures.FAST_RECHECKS.withAllowedHosts(AllowedHosts.parse("test", "127.0.0.1")),
        (url, user, password, caPem) -> {
          opened.add(url);
          if (unreachable.get() && url.contains("6390")) {
            throw new IllegalStateException("cannot reach Redis as the ACL admin: Connection refused: /127.0.0.1:6390");
          }
          return new RedisAclAdmin() {
            @Override
            public void setUser(String name, List<String> rules) {
              rulesSet.add(rules);
            }

            @Override
            public boolean deleteUser(String name) {
              return true;
            }

            @Override
            public void close() {}
          };
        });
  }

  @AfterAll
  static void stop() {
    cluster.close();
  }

  @Test
  void aHostOutsideTheAllowListIsRefusedBeforeConnectingEvenFromASecret() {
    client.resource(pipeline("f1", "urlSecretRef: {name: evil-url, key: url}")).create();
    client.resource(Fixtures.cacheWorker("f1-cache", "f1")).create();
    await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
      Condition ready = worker("f1-cache").getStatus().condition("Ready");
      assertThat(ready.getReason()).isEqualTo("HostNotAllowed");
      assertThat(ready.getMessage()).contains("spec.redis.urlSecretRef").contains("evil.example");
    });
    assertThat(opened).noneMatch(u -> u.contains("evil.example"));
  }

  @Test
  void redisUnreachableIsRedisUserNotReadyAndThePasswordStaysTheSame() {
    unreachable.set(true);
    client.resource(pipeline("f2", "url: redis://127.0.0.1:6390/0")).create();
    client.resource(Fixtures.cacheWorker("f2-cache", "f2")).create();
    await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
      Condition ready = worker("f2-cache").getStatus().condition("Ready");
      assertThat(ready.getReason()).isEqualTo("RedisUserNotReady");
      assertThat(ready.getMessage()).isEqualTo("spec.redis.acl of Pipeline f2: Redis user tributary.default.f2.worker.f2-cache"
          + " not set as default: cannot reach Redis as the ACL admin: Connection refused: /127.0.0.1:6390");
    });
    assertThat(client.apps().deployments().inNamespace(NAMESPACE).withName("f2-cache-worker").get()).isNull();
    unreachable.set(false);
    // reconciled again within Rechecks#refused; then a change of the Worker sets the rules again
    await().atMost(Duration.ofSeconds(60)).untilAsserted(() ->
        assertThat(client.apps().deployments().inNamespace(NAMESPACE).withName("f2-cache-worker").get()).isNotNull());
    String password = SecretValues.valueOf(client.secrets().inNamespace(NAMESPACE).withName("f2-cache-worker-redis-user")
        .get(), "password").orElseThrow();
    int before = rulesSet.size();
    cluster.edit(Worker.class, "f2-cache", w -> {
      w.getSpec().setReplicas(3);
      return w;
    });
    await().atMost(Duration.ofSeconds(30)).until(() -> rulesSet.size() > before);
    assertThat(rulesSet).allSatisfy(rules -> assertThat(rules).contains(">" + password));
  }

  private static Pipeline pipeline(String name, String redis) {
    return Serialization.unmarshal("""
        apiVersion: tributary.io/v1alpha1
        kind: Pipeline
        metadata: {name: %s, namespace: default}
        spec:
          kafka: {bootstrapServers: "127.0.0.1:9092"}
          redis:
            %s
            acl: {adminSecretRef: {name: redis-admin, key: password}}
          topics:
            - {name: market-data-stream, partitions: 1, replicas: 1}
        """.formatted(name, redis), Pipeline.class);
  }

  private static Worker worker(String name) {
    return client.resources(Worker.class).inNamespace(NAMESPACE).withName(name).get();
  }
}
