package io.tributary.operator.model;

import static io.tributary.operator.model.ModelFixtures.IMAGE;
import static io.tributary.operator.model.ModelFixtures.stored;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.api.model.Secret;
import io.tributary.api.v1alpha1.Pipeline;
import io.tributary.api.v1alpha1.Worker;
import io.tributary.operator.testing.Fixtures;
import io.tributary.runtime.config.RuntimeConfig;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Base64;
import org.junit.jupiter.api.Test;

class RedisAclUsersTest {
  private final Pipeline pipeline = stored(Fixtures.strimziPipeline("market-data"));
  private final Worker worker = stored(Fixtures.cacheWorker("cache-writer", "market-data"));

  @Test
  void theUserIsNamedFromNamespacePipelineKindAndComponent() {
    assertThat(RedisAclUsers.userName(pipeline, "Worker", "cache-writer"))
        .isEqualTo("tributary." + pipeline.getMetadata().getNamespace() + ".market-data.worker.cache-writer");
  }

  @Test
  void aLongUserNameIsCutWithAHashAndStaysDistinct() {
    String one = RedisAclUsers.userName(pipeline, "Worker", "w".repeat(200) + "1");
    String two = RedisAclUsers.userName(pipeline, "Worker", "w".repeat(200) + "2");
    assertThat(one).hasSize(RedisAclUsers.MAX_USER_NAME).matches(".*-[0-9a-f]{8}").isNotEqualTo(two);
  }

  @Test
  void theSecretHoldsUserAndPasswordAndIsOwnedByTheComponent() {
    String password = RedisAclUsers.newPassword(new SecureRandom());
    assertThat(password).matches("[0-9a-f]{64}").isNotEqualTo(RedisAclUsers.newPassword(new SecureRandom()));
    Secret secret = RedisAclUsers.secret(pipeline, worker, "worker", "u", password);
    assertThat(secret.getMetadata().getName()).isEqualTo(RedisAclUsers.secretName("cache-writer", "worker"));
    assertThat(secret.getMetadata().getOwnerReferences()).singleElement()
        .satisfies(o -> assertThat(o.getName()).isEqualTo("cache-writer"));
    assertThat(new String(Base64.getDecoder().decode(secret.getData().get(RedisAclUsers.PASSWORD_KEY)),
        StandardCharsets.UTF_8)).isEqualTo(password);
    assertThat(new String(Base64.getDecoder().decode(secret.getData().get(RedisAclUsers.USERNAME_KEY)),
        StandardCharsets.UTF_8)).isEqualTo("u");
  }

  @Test
  void theRulesBindTheWorkersCommandsToThePipelinesPrefix() {
    RuntimeConfig config = RuntimeConfigModel.worker(worker, pipeline, PipelineWiring.of(pipeline, IMAGE));
    String prefix = PipelineWiring.redisKeyPrefix(pipeline);
    assertThat(RedisAclUsers.rules(pipeline, config, "pw"))
        .startsWith("reset", "on", ">pw", "~" + prefix + "*", "&" + prefix + "*")
        .contains("+evalsha", "+script|load", "+set", "+zadd")
        .doesNotContain("+@all", "+get", "+keys", "+eval", "+flushall");
  }

  @Test
  void anEmptyPrefixIsRefusedNamingTheField() {
    Pipeline legacy = stored(Fixtures.strimziPipeline("market-data"));
    legacy.getSpec().getRedis().setKeyPrefix("");
    RuntimeConfig config = RuntimeConfigModel.worker(worker, legacy, PipelineWiring.of(legacy, IMAGE));
    assertThatThrownBy(() -> RedisAclUsers.rules(legacy, config, "pw"))
        .hasMessageStartingWith("spec.redis.keyPrefix of Pipeline market-data: a Redis ACL user needs a key prefix");
  }

  private Pipeline withAcl(java.util.function.Consumer<io.tributary.api.v1alpha1.RedisConnection> change) {
    Pipeline p = stored(Fixtures.strimziPipeline("market-data"));
    io.tributary.api.v1alpha1.RedisAcl acl = new io.tributary.api.v1alpha1.RedisAcl();
    io.tributary.api.v1alpha1.SecretKeyReference ref = new io.tributary.api.v1alpha1.SecretKeyReference();
    ref.setName("redis-admin");
    ref.setKey("password");
    acl.setAdminSecretRef(ref);
    p.getSpec().getRedis().setAcl(acl);
    change.accept(p.getSpec().getRedis());
    return p;
  }

  @Test
  void aclUsersAreRefusedWhereTheyCouldNotIsolateNamingBothFields() {
    assertThat(RedisAclUsers.wanted(pipeline)).isFalse();
    assertThat(RedisAclUsers.wanted(withAcl(r -> {}))).isTrue();
    assertThat(RedisAclUsers.refusal(withAcl(r -> {}))).isEmpty();
    assertThat(RedisAclUsers.refusal(withAcl(r -> r.setKeyPrefix("")))).hasValueSatisfying(m -> assertThat(m)
        .startsWith("spec.redis.acl of Pipeline market-data needs a key prefix").contains("spec.redis.keyPrefix is \"\""));
    assertThat(RedisAclUsers.refusal(withAcl(r -> r.setCluster(true))))
        .hasValueSatisfying(m -> assertThat(m).contains("spec.redis.cluster: true is not supported"));
    assertThat(RedisAclUsers.refusal(withAcl(r -> r.setUrl("redis-sentinel://s-0:26379/0#mymaster"))))
        .hasValueSatisfying(m -> assertThat(m).contains("Sentinel spec.redis.url is not supported"));
    assertThat(RedisAclUsers.refusal(withAcl(r -> r.setUrl("redis://:s3cret@redis:6379/0"))))
        .hasValueSatisfying(m -> assertThat(m).contains("spec.redis.url carries a user or password")
            .doesNotContain("s3cret"));
    assertThat(RedisAclUsers.refusal(withAcl(r -> r.setUrl("redis://redis:6379/0?x=a@b")))).isEmpty();
  }

  @Test
  void theRecordRoundTripsAndGarbageIsNoRecord() {
    Pipeline p = withAcl(r -> {});
    String value = RedisAclUsers.record("u1", p);
    Worker annotated = stored(Fixtures.cacheWorker("cache-writer", "market-data"));
    annotated.getMetadata().setAnnotations(java.util.Map.of(RedisAclUsers.REDIS_USER_ANNOTATION, value));
    assertThat(RedisAclUsers.recorded(annotated)).hasValueSatisfying(r -> {
      assertThat(r.user()).isEqualTo("u1");
      assertThat(r.pipeline()).isEqualTo("market-data");
      assertThat(r.redis()).isEqualTo(p.getSpec().getRedis());
    });
    annotated.getMetadata().setAnnotations(java.util.Map.of(RedisAclUsers.REDIS_USER_ANNOTATION, "{not json"));
    assertThat(RedisAclUsers.recorded(annotated)).isEmpty();
    assertThat(RedisAclUsers.recorded(worker)).isEmpty();
    assertThat(RedisAclUsers.adminUser(p.getSpec().getRedis().getAcl())).isEqualTo("default");
  }

  @Test
  void theWiringReadsUserAndPasswordFromTheComponentsSecretInsteadOfThePipelines() {
    Pipeline p = withAcl(r -> {
      io.tributary.api.v1alpha1.SecretKeyReference pw = new io.tributary.api.v1alpha1.SecretKeyReference();
      pw.setName("redis-pw");
      pw.setKey("password");
      r.setPasswordSecretRef(pw);
    });
    PipelineWiring plain = PipelineWiring.of(p, IMAGE);
    PipelineWiring wired = plain.withRedisUser("cache-writer-worker-redis-user", "abc");
    assertThat(plain.redisEnv()).extracting(e -> e.getValueFrom().getSecretKeyRef().getName()).containsExactly("redis-pw");
    assertThat(wired.redisEnv()).extracting(e -> e.getName() + "=" + e.getValueFrom().getSecretKeyRef().getName()
        + "/" + e.getValueFrom().getSecretKeyRef().getKey()).containsExactly(
            "TRIBUTARY_REDIS_USERNAME=cache-writer-worker-redis-user/username",
            "TRIBUTARY_REDIS_PASSWORD=cache-writer-worker-redis-user/password");
    assertThat(wired.redisUserHash()).isEqualTo("abc");
    assertThat(plain.redisUserHash()).isNull();
    assertThat(RedisAclUsers.passwordHash("u", "pw1")).isNotEqualTo(RedisAclUsers.passwordHash("u", "pw2"))
        .doesNotContain("pw1");
  }
}
