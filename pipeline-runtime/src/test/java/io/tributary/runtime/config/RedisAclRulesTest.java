package io.tributary.runtime.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class RedisAclRulesTest {
  private static final String BASE = """
      {"pipeline": "p", "component": "c", "role": "%s", "kafka": {"bootstrapServers": "k:9092"},
       "redis": {"url": "redis://r:6379"}, %s}""";

  static Stream<Arguments> table() {
    String topic = "\"input\": {\"topic\": {\"name\": \"in\"}}";
    String stream = "\"input\": {\"redisStream\": {\"stream\": \"s\", \"group\": \"g\"}}";
    return Stream.of(
        Arguments.of("worker", "\"worker\": {" + topic + ", \"processors\": [{\"cacheLatest\": {\"key\": \"k\"}}]}",
            List.of("evalsha", "exists", "hget", "hset", "ping", "script|load", "select", "set", "type",
                "zadd", "zremrangebyscore", "zscore")),
        Arguments.of("worker", "\"worker\": {" + stream + ", \"processors\": [{\"publish\": {\"channel\": \"c\"}},"
                + " {\"enqueue\": {\"stream\": \"s2\"}}, {\"store\": {\"key\": \"l\"}}]}",
            List.of("evalsha", "exists", "hget", "lpush", "ltrim", "ping", "publish", "script|load", "select",
                "type", "xack", "xadd", "xautoclaim", "xgroup|create", "xpending", "xreadgroup")),
        Arguments.of("worker", "\"worker\": {" + topic + ", \"processors\": [{\"aggregate\": {\"key\": \"a\", \"count\": true}},"
                + " {\"dedupe\": {\"key\": \"d\"}}, {\"filter\": {\"field\": \"x\", \"op\": \"exists\"}}, {\"log\": {}}]}",
            List.of("evalsha", "exists", "hget", "hincrby", "hset", "ping", "script|load", "select", "set", "type",
                "zadd", "zremrangebyscore", "zscore")),
        Arguments.of("etl", "\"etl\": {\"extract\": {\"topic\": {\"name\": \"t\"}}, \"load\": {\"redisHash\": {\"key\": \"h:{x}\"}}}",
            List.of("hset", "pexpire", "ping", "select")),
        Arguments.of("etl", "\"etl\": {\"extract\": {\"topic\": {\"name\": \"t\"}}, \"load\": {\"topic\": {\"name\": \"o\"}}}",
            List.of()),
        Arguments.of("producer", "\"producer\": {\"topic\": \"t\", \"source\": {\"marketData\": {\"symbols\": [\"A\"]}}}",
            List.of()));
  }

  @ParameterizedTest
  @MethodSource("table")
  void theCommandsFollowFromTheRoleTheInputAndTheProcessors(String role, String section, List<String> expected) {
    RuntimeConfig config = RuntimeConfigs.parse(BASE.formatted(role, section)).orThrow();
    assertThat(RedisAclRules.commands(config)).containsExactlyElementsOf(expected);
  }

  @Test
  void theRulesResetThenBindKeysAndChannelsToThePrefix() {
    assertThat(RedisAclRules.setUserRules(KeyPrefix.of("shop.orders:"), "pw", Set.of("set", "evalsha")))
        .containsExactly("reset", "on", ">pw", "~shop.orders:*", "&shop.orders:*", "+evalsha", "+set");
  }

  @Test
  void anEmptyPrefixOrNoCommandIsRefused() {
    assertThatThrownBy(() -> RedisAclRules.setUserRules(KeyPrefix.NONE, "pw", Set.of("set")))
        .hasMessageContaining("needs a key prefix");
    assertThatThrownBy(() -> RedisAclRules.setUserRules(KeyPrefix.of("a:"), "pw", Set.of()))
        .hasMessageContaining("at least one command");
  }
}
