package io.tributary.operator.reconciler;

import static io.tributary.operator.testing.Fixtures.NAMESPACE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisCommandExecutionException;
import io.lettuce.core.RedisURI;
import io.lettuce.core.api.StatefulRedisConnection;
import io.tributary.api.v1alpha1.Pipeline;
import io.tributary.api.v1alpha1.Worker;
import io.tributary.operator.model.PodTemplates;
import io.tributary.operator.model.RedisAclUsers;
import io.tributary.operator.testing.Fixtures;
import io.tributary.operator.testing.MockCluster;
import io.tributary.runtime.config.SecretEnv;
import io.tributary.runtime.embedded.EmbeddedRedisServer;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Issue #14 §2, Redis ACL users: with {@code spec.redis.acl} a Worker gets a Redis user of its own
 * on a real redis-server 7 that requires an admin password, limited to the Pipeline's key prefix;
 * its pods read it from the Worker's Secret; it goes with the Worker and when the Pipeline drops
 * {@code spec.redis.acl} (its Secret then emptied); a refused admin Secret or a wrong admin password says so on the Worker.
 */
class RedisUsersIT {
  private static final String ADMIN_PASSWORD = "admin-pw-7f3a";
  static EmbeddedRedisServer redis;
  static RedisClient adminClient;
  static StatefulRedisConnection<String, String> admin;
  static MockCluster cluster;
  static KubernetesClient client;

  @BeforeAll
  static void start() throws Exception {
    redis = EmbeddedRedisServer.startOnFreePort();
    RedisClient plain = RedisClient.create(redis.url());
    try (StatefulRedisConnection<String, String> setup = plain.connect()) {
      setup.sync().configSet("requirepass", ADMIN_PASSWORD);
    } finally {
      plain.shutdown();
    }
    adminClient = RedisClient.create(RedisURI.builder(RedisURI.create(redis.url()))
        .withPassword(ADMIN_PASSWORD.toCharArray()).build());
    admin = adminClient.connect();
    cluster = MockCluster.start(true);
    client = cluster.client();
    client.resource(Fixtures.secret("redis-admin", true, Map.of("password", ADMIN_PASSWORD))).create();
    client.resource(Fixtures.secret("redis-admin-unlabelled", false, Map.of("password", ADMIN_PASSWORD))).create();
    client.resource(Fixtures.secret("redis-admin-wrong", true, Map.of("password", "not-the-password"))).create();
    cluster.startOperator(Fixtures.FAST_RECHECKS);
  }

  @AfterAll
  static void stop() {
    if (cluster != null) {
      cluster.close();
    }
    if (admin != null) {
      admin.close();
      adminClient.shutdown();
    }
    if (redis != null) {
      redis.close();
    }
  }

  @Test
  void aWorkerGetsAUserLimitedToItsPrefixWiredIntoItsPodsAndGoneWithItOrWithTheAcl() {
    client.resource(pipeline("acl1", "redis-admin")).create();
    client.resource(Fixtures.cacheWorker("acl1-cache", "acl1")).create();
    String user = "tributary.default.acl1.worker.acl1-cache";
    String secretName = "acl1-cache-worker-redis-user";

    await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
      assertThat(aclLine(user)).as("ACL LIST").isNotNull().contains("~default.acl1:*").contains("&default.acl1:*")
          .doesNotContain("~*");
      Secret secret = client.secrets().inNamespace(NAMESPACE).withName(secretName).get();
      assertThat(secret).isNotNull();
      assertThat(secret.getMetadata().getOwnerReferences()).singleElement()
          .satisfies(o -> assertThat(o.getName()).isEqualTo("acl1-cache"));
      assertThat(SecretValues.valueOf(secret, "username")).contains(user);
      PodTemplateSpec pod = deployment("acl1-cache-worker").getSpec().getTemplate();
      assertThat(env(pod, SecretEnv.REDIS_USERNAME).getValueFrom().getSecretKeyRef().getName()).isEqualTo(secretName);
      assertThat(env(pod, SecretEnv.REDIS_PASSWORD).getValueFrom().getSecretKeyRef().getName()).isEqualTo(secretName);
      assertThat(env(pod, SecretEnv.REDIS_PASSWORD).getValueFrom().getSecretKeyRef().getKey()).isEqualTo("password");
      assertThat(pod.getMetadata().getAnnotations()).containsKey(PodTemplates.REDIS_USER_HASH_ANNOTATION);
      assertThat(worker("acl1-cache").getMetadata().getAnnotations()).containsKey(RedisAclUsers.REDIS_USER_ANNOTATION);
    });
    String password = SecretValues.valueOf(client.secrets().inNamespace(NAMESPACE).withName(secretName).get(),
        "password").orElseThrow();
    String hash = deployment("acl1-cache-worker").getSpec().getTemplate().getMetadata().getAnnotations()
        .get(PodTemplates.REDIS_USER_HASH_ANNOTATION);
    assertThat(hash).isNotEqualTo(password);
    assertThat(Serialization.asJson(worker("acl1-cache"))).doesNotContain(password).doesNotContain(ADMIN_PASSWORD);

    // as that user: its prefix yes, anything else NOPERM
    RedisClient asUser = RedisClient.create(RedisURI.builder(RedisURI.create(redis.url()))
        .withAuthentication(user, password.toCharArray()).build());
    try (StatefulRedisConnection<String, String> connection = asUser.connect()) {
      assertThat(connection.sync().set("default.acl1:market_data:AAPL:latest", "1")).isEqualTo("OK");
      assertThatThrownBy(() -> connection.sync().set("default.other:market_data:AAPL:latest", "1"))
          .isInstanceOf(RedisCommandExecutionException.class).hasMessageStartingWith("NOPERM");
      assertThatThrownBy(() -> connection.sync().set("market_data:AAPL:latest", "1"))
          .isInstanceOf(RedisCommandExecutionException.class).hasMessageStartingWith("NOPERM");
    } finally {
      asUser.shutdown();
    }

    // a user deleted behind the operator's back (Redis restarted without its ACL file) comes back
    // with the same password: the pods keep working
    admin.sync().aclDeluser(user);
    await().atMost(Duration.ofSeconds(90)).untilAsserted(() -> assertThat(aclLine(user)).isNotNull());
    assertThat(SecretValues.valueOf(client.secrets().inNamespace(NAMESPACE).withName(secretName).get(), "password"))
        .contains(password);

    // the Pipeline drops spec.redis.acl: the user and its Secret go, the pods use the Pipeline's credential
    cluster.edit(Pipeline.class, "acl1", p -> {
      p.getSpec().getRedis().setAcl(null);
      return p;
    });
    await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
      assertThat(aclLine(user)).isNull();
      // emptied (the chart grants no Secret delete); it goes with the Worker
      assertThat(SecretValues.valueOf(client.secrets().inNamespace(NAMESPACE).withName(secretName).get(), "password"))
          .isEmpty();
      PodTemplateSpec pod = deployment("acl1-cache-worker").getSpec().getTemplate();
      assertThat(env(pod, SecretEnv.REDIS_USERNAME)).isNull();
      assertThat(pod.getMetadata().getAnnotations()).doesNotContainKey(PodTemplates.REDIS_USER_HASH_ANNOTATION);
      assertThat(worker("acl1-cache").getMetadata().getAnnotations()).doesNotContainKey(RedisAclUsers.REDIS_USER_ANNOTATION);
    });

    // back on, then the Worker is deleted: its finalizer deletes the user
    cluster.edit(Pipeline.class, "acl1", p -> {
      p.getSpec().getRedis().setAcl(pipeline("acl1", "redis-admin").getSpec().getRedis().getAcl());
      return p;
    });
    await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(aclLine(user)).isNotNull());
    String second = SecretValues.valueOf(client.secrets().inNamespace(NAMESPACE).withName(secretName).get(),
        "password").orElseThrow();
    assertThat(second).as("a new password after the old one was voided").isNotEqualTo(password);
    client.resources(Worker.class).inNamespace(NAMESPACE).withName("acl1-cache").delete();
    await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
      assertThat(aclLine(user)).isNull();
      assertThat(worker("acl1-cache")).isNull();
    });
  }

  @Test
  void anUnlabelledAdminSecretIsRefusedAndAWrongAdminPasswordSaysSoWithoutAPassword() {
    client.resource(pipeline("acl2", "redis-admin-unlabelled")).create();
    client.resource(Fixtures.cacheWorker("acl2-cache", "acl2")).create();
    client.resource(pipeline("acl3", "redis-admin-wrong")).create();
    client.resource(Fixtures.cacheWorker("acl3-cache", "acl3")).create();
    await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
      Condition unlabelled = worker("acl2-cache").getStatus().condition("Ready");
      assertThat(unlabelled.getStatus()).isEqualTo("False");
      assertThat(unlabelled.getReason()).isEqualTo("SecretNotUsable");
      assertThat(unlabelled.getMessage()).startsWith("spec.redis.acl.adminSecretRef of Pipeline \"acl2\": Secret"
          + " \"redis-admin-unlabelled\"");
      Condition wrong = worker("acl3-cache").getStatus().condition("Ready");
      assertThat(wrong.getStatus()).isEqualTo("False");
      assertThat(wrong.getReason()).isEqualTo("RedisUserNotReady");
      assertThat(wrong.getMessage()).startsWith("spec.redis.acl of Pipeline acl3: Redis user"
          + " tributary.default.acl3.worker.acl3-cache not set as default: ")
          .doesNotContain("not-the-password").doesNotContain(ADMIN_PASSWORD);
    });
    assertThat(deployment("acl2-cache-worker")).as("nothing applied").isNull();
    assertThat(deployment("acl3-cache-worker")).as("nothing applied").isNull();
    assertThat(aclLine("tributary.default.acl2.worker.acl2-cache")).isNull();
  }

  @Test
  void anEtlScheduleGetsItsUserAndLosesItWithTheSchedule() {
    client.resource(pipeline("acl4", "redis-admin")).create();
    client.resource(Fixtures.etl("acl4-etl", "acl4")).create();
    String user = "tributary.default.acl4.etlschedule.acl4-etl";
    await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
      assertThat(aclLine(user)).isNotNull().contains("~default.acl4:*");
      var cronJob = client.batch().v1().cronjobs().inNamespace(NAMESPACE).withName("acl4-etl-etl").get();
      assertThat(cronJob).isNotNull();
      PodTemplateSpec pod = cronJob.getSpec().getJobTemplate().getSpec().getTemplate();
      assertThat(env(pod, SecretEnv.REDIS_USERNAME).getValueFrom().getSecretKeyRef().getName())
          .isEqualTo("acl4-etl-etl-redis-user");
      assertThat(pod.getMetadata().getAnnotations()).containsKey(PodTemplates.REDIS_USER_HASH_ANNOTATION);
    });
    client.resources(io.tributary.api.v1alpha1.EtlSchedule.class).inNamespace(NAMESPACE).withName("acl4-etl").delete();
    await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
      assertThat(aclLine(user)).isNull();
      assertThat(client.resources(io.tributary.api.v1alpha1.EtlSchedule.class).inNamespace(NAMESPACE)
          .withName("acl4-etl").get()).isNull();
    });
  }

  /** An ETL loading a topic calls no Redis command: it gets no user (and is not refused for want of commands). */
  @Test
  void anEtlScheduleLoadingATopicGetsNoUser() {
    client.resource(pipeline("acl6", "redis-admin")).create();
    io.tributary.api.v1alpha1.EtlSchedule etl = Fixtures.etl("acl6-etl", "acl6");
    io.tributary.api.v1alpha1.TopicLoad topic = new io.tributary.api.v1alpha1.TopicLoad();
    topic.setName("aggregated");
    etl.getSpec().getLoad().setRedisHash(null);
    etl.getSpec().getLoad().setTopic(topic);
    client.resource(etl).create();
    await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
      var cronJob = client.batch().v1().cronjobs().inNamespace(NAMESPACE).withName("acl6-etl-etl").get();
      assertThat(cronJob).isNotNull();
      assertThat(env(cronJob.getSpec().getJobTemplate().getSpec().getTemplate(), SecretEnv.REDIS_USERNAME)).isNull();
    });
    assertThat(aclLine("tributary.default.acl6.etlschedule.acl6-etl")).isNull();
  }

  /** The rules follow the Worker's config: a processor taken out takes its command with it. */
  @Test
  void theUsersCommandsFollowTheWorkersProcessors() {
    client.resource(pipeline("acl7", "redis-admin")).create();
    client.resource(Fixtures.cacheWorker("acl7-cache", "acl7")).create();
    String user = "tributary.default.acl7.worker.acl7-cache";
    await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(aclLine(user)).isNotNull().contains("+publish"));
    cluster.edit(Worker.class, "acl7-cache", w -> {
      w.getSpec().getProcessors().removeIf(pr -> pr.getPublish() != null);
      return w;
    });
    await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(aclLine(user)).isNotNull()
        .doesNotContain("+publish"));
  }

  @Test
  void anAdminWithoutTheAclCommandIsNamedInTheCondition() {
    // a user that may do everything but ACL
    admin.sync().aclSetuser("weak", io.lettuce.core.AclSetuserArgs.Builder.on().addPassword("weak-pw").allKeys()
        .allChannels().allCommands().removeCommand(io.lettuce.core.protocol.CommandType.ACL));
    client.resource(Fixtures.secret("redis-admin-weak", true, Map.of("password", "weak-pw"))).create();
    Pipeline weak = pipeline("acl5", "redis-admin-weak");
    weak.getSpec().getRedis().getAcl().setAdminUser("weak");
    client.resource(weak).create();
    client.resource(Fixtures.cacheWorker("acl5-cache", "acl5")).create();
    await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
      Condition ready = worker("acl5-cache").getStatus().condition("Ready");
      assertThat(ready.getReason()).isEqualTo("RedisUserNotReady");
      assertThat(ready.getMessage()).startsWith("spec.redis.acl of Pipeline acl5: Redis user"
          + " tributary.default.acl5.worker.acl5-cache not set as weak: ").contains("NOPERM")
          .doesNotContain("weak-pw");
    });
    assertThat(aclLine("tributary.default.acl5.worker.acl5-cache")).isNull();
  }

  private static Pipeline pipeline(String name, String adminSecret) {
    return Serialization.unmarshal("""
        apiVersion: tributary.io/v1alpha1
        kind: Pipeline
        metadata: {name: %s, namespace: default}
        spec:
          kafka: {bootstrapServers: "kafka-0.kafka:9092"}
          redis:
            url: %s
            acl: {adminSecretRef: {name: %s, key: password}}
          topics:
            - {name: market-data-stream, partitions: 1, replicas: 1}
            - {name: aggregated, partitions: 1, replicas: 1}
        """.formatted(name, redis.url(), adminSecret), Pipeline.class);
  }

  /** The ACL LIST line of {@code user}, or null. */
  private static String aclLine(String user) {
    List<String> lines = admin.sync().aclList();
    return lines.stream().filter(l -> l.startsWith("user " + user + " ")).findFirst().orElse(null);
  }

  private static Worker worker(String name) {
    return client.resources(Worker.class).inNamespace(NAMESPACE).withName(name).get();
  }

  private static Deployment deployment(String name) {
    return client.apps().deployments().inNamespace(NAMESPACE).withName(name).get();
  }

  private static EnvVar env(PodTemplateSpec pod, String name) {
    return pod.getSpec().getContainers().get(0).getEnv().stream().filter(e -> name.equals(e.getName()))
        .findFirst().orElse(null);
  }
}
