package io.tributary.runtime.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class RedisEndpointsTest {

  @Test
  void aStandaloneUrlIsOneServerWithLettucesDefaults() {
    assertThat(RedisEndpoints.parse("redis.url", "redis://redis.data.svc"))
        .isEqualTo(new RedisEndpoints(RedisEndpoints.Kind.STANDALONE, List.of("redis.data.svc:6379"), null, 0, false));
    assertThat(RedisEndpoints.parse("redis.url", "rediss://:pw@r:6380/3"))
        .isEqualTo(new RedisEndpoints(RedisEndpoints.Kind.STANDALONE, List.of("r:6380"), null, 3, true));
  }

  @Test
  void aSentinelUrlIsItsSentinelsAndTheMasterName() {
    RedisEndpoints sentinel = RedisEndpoints.parse("redis.url",
        "redis-sentinel://:pw@s0:26379,s1:26380,s2/2#mymaster");
    assertThat(sentinel).isEqualTo(new RedisEndpoints(RedisEndpoints.Kind.SENTINEL,
        List.of("s0:26379", "s1:26380", "s2:26379"), "mymaster", 2, false));
    assertThat(sentinel.sentinel()).isTrue();
    assertThat(RedisEndpoints.parse("redis.url", "rediss-sentinel://s0?sentinelMasterId=m"))
        .isEqualTo(new RedisEndpoints(RedisEndpoints.Kind.SENTINEL, List.of("s0:26379"), "m", 0, true));
  }

  @Test
  void errorsNameTheFieldAndNeverThePassword() {
    assertThatThrownBy(() -> RedisEndpoints.parse("spec.redis.url", "redis-sentinel://:hunter2@s0:26379,s1:26379/0"))
        .hasMessage("spec.redis.url: \"redis-sentinel://:***@s0:26379,s1:26379/0\" names no Sentinel master: end it"
            + " with #<master name> (e.g. redis-sentinel://sentinel-0:26379,sentinel-1:26379/0#mymaster)");
    assertThatThrownBy(() -> RedisEndpoints.parse("redis.url", "redis-cluster://:hunter2@n0:6379"))
        .hasMessage("redis.url: \"redis-cluster://:***@n0:6379\" does not start with redis://, rediss://,"
            + " redis-sentinel:// or rediss-sentinel://");
    assertThatThrownBy(() -> RedisEndpoints.parse("redis.url", "redis-sentinel://:hunter2@s0:99999#m"))
        .hasMessageStartingWith("redis.url: invalid Redis URL redis-sentinel://:***@s0:99999#m: ")
        .hasMessageNotContaining("hunter2");
    assertThat(RedisEndpoints.problem("redis://r:6379")).isEmpty();
    assertThat(RedisEndpoints.problem("redis://:pw@bad host:6379")).as("left to the role's start, exit 1").isEmpty();
    assertThat(RedisEndpoints.problem("redis-sentinel://s0:26379")).hasValueSatisfying(
        m -> assertThat(m).contains("names no Sentinel master"));
  }

  @Test
  void thePasswordFromTheEnvironmentIsTheMastersInASentinelUrlToo() {
    String url = new RedisConfig("redis-sentinel://s0:26379,s1:26379/0#mymaster")
        .effectiveUrl(java.util.Map.of(SecretEnv.REDIS_PASSWORD, "p w")::get);
    assertThat(url).isEqualTo("redis-sentinel://:p%20w@s0:26379,s1:26379/0#mymaster");
    io.lettuce.core.RedisURI uri = io.lettuce.core.RedisURI.create(url);
    assertThat(new String(uri.getPassword())).isEqualTo("p w");
    assertThat(uri.getSentinels()).allSatisfy(sentinel -> assertThat(sentinel.getPassword()).isNull());
  }
}
