package io.tributary.runtime.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tributary.runtime.ops.Connections;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** {@code redis.tls}: only beside a {@code rediss://} URL, checked in the config and where the client is built. */
class RedisTlsConfigTest {
  private static String config(String redis) {
    return """
        {"pipeline": "p", "component": "c", "role": "worker",
         "kafka": {"bootstrapServers": "127.0.0.1:9092"},
         "redis": %s,
         "worker": {"input": {"redisStream": {"stream": "s", "group": "g"}}, "processors": [{"publish": {"channel": "c"}}]}}
        """.formatted(redis);
  }

  @Test
  void tlsWithAPlainUrlIsAProblemOfTheTlsField() {
    var parsed = RuntimeConfigs.parse(config("{\"url\": \"redis://r:6379/0\", \"tls\": {\"caFile\": \"/ca.crt\"}}"));
    assertThat(parsed.problems()).extracting(Object::toString)
        .containsExactly("redis.tls: is set but url is redis:// (plain text); use rediss:// for TLS");
  }

  @Test
  void tlsNeedsACaFileAndNothingElse() {
    var parsed = RuntimeConfigs.parse(config("{\"url\": \"rediss://r:6379/0\", \"tls\": {\"ca\": \"x\"}}"));
    assertThat(parsed.problems()).extracting(Object::toString)
        .anyMatch(p -> p.startsWith("redis.tls.caFile"))
        .anyMatch(p -> p.startsWith("redis.tls.ca:"));
    assertThat(RuntimeConfigs.parse(config("{\"url\": \"rediss://r:6379/0\", \"tls\": {\"caFile\": \"/ca.crt\"}}"))
        .problems()).isEmpty();
  }

  @Test
  void aPlainUrlFromTheSecretWithTlsIsRefusedWhereTheClientIsBuilt() {
    // the URL of urlSecretRef is only known in the pod: the client refuses it, naming the field
    var parsed = RuntimeConfigs.parse(config("{\"tls\": {\"caFile\": \"/ca.crt\"}}"));
    assertThat(parsed.problems()).isEmpty();
    Map<String, String> env = Map.of(SecretEnv.REDIS_URL, "redis://:secret@r:6379/0");
    assertThatThrownBy(() -> Connections.redisClient(parsed.config(), env::get))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("redis.tls.caFile /ca.crt is set but the Redis URL is redis:// (plain text); use rediss:// for TLS")
        .hasMessageNotContaining("secret");
  }

  @Test
  void theTlsBlockRoundTripsThroughTheJson() {
    RedisConfig redis = new RedisConfig("rediss://r:6379/0", null, new RedisConfig.Tls(SecretEnv.DEFAULT_REDIS_TLS_CA), null, null, null);
    String json = RuntimeConfigs.toJson(RuntimeConfig.worker("p", "ns", "c",
        new KafkaConfig("k:9092", null, null, Map.of()), redis, "p.dlq",
        RuntimeConfigs.parse(config("{}")).config().worker()));
    assertThat(json.replaceAll("\\s", "")).contains("\"tls\":{\"caFile\":\"/etc/tributary/redis-tls/ca.crt\"}");
    assertThat(RuntimeConfigs.parse(json).config().redis()).isEqualTo(redis);
  }
}
