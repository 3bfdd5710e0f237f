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
}
