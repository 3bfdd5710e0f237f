package io.tributary.runtime.worker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisCommandExecutionException;
import io.lettuce.core.RedisURI;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import io.lettuce.core.codec.StringCodec;
import io.lettuce.core.output.StatusOutput;
import io.lettuce.core.protocol.CommandArgs;
import io.lettuce.core.protocol.CommandType;
import io.tributary.runtime.config.KeyPrefix;
import io.tributary.runtime.config.RedisAclRules;
import io.tributary.runtime.config.RuntimeConfig;
import io.tributary.runtime.config.RuntimeConfigs;
import io.tributary.runtime.config.SecretEnv;
import io.tributary.runtime.embedded.EmbeddedKafkaBroker;
import io.tributary.runtime.embedded.EmbeddedRedisServer;
import io.tributary.runtime.testing.KafkaTestClient;
import io.tributary.runtime.testing.RunningRole;
import io.tributary.runtime.testing.SharedServers;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * A worker as its own Redis ACL user ({@link RedisAclRules}) on a real redis-server 7 that
 * requires a password: it runs its whole chain, and its user cannot read or write a key, nor
 * publish on a channel, outside the Pipeline's key prefix, not even from inside a script.
 */
class RedisAclIT {
  private static final String ADMIN_PASSWORD = "admin-" + UUID.randomUUID();

  @Test
  void theWorkersUserRunsItsChainAndGetsNopermOutsideItsPrefix() throws Exception {
    EmbeddedKafkaBroker kafka = SharedServers.kafka();
    try (EmbeddedRedisServer server = EmbeddedRedisServer.startOnFreePort()) {
      RedisClient plain = RedisClient.create(server.url());
      try (StatefulRedisConnection<String, String> setup = plain.connect()) {
        setup.sync().configSet("requirepass", ADMIN_PASSWORD); // the default user is the admin now
      } finally {
        plain.shutdown();
      }
      RedisClient adminClient = RedisClient.create(RedisURI.builder(RedisURI.create(server.url()))
          .withPassword(ADMIN_PASSWORD.toCharArray()).build());
      RedisCommands<String, String> admin = adminClient.connect().sync();
      try {
        String u = "a" + UUID.randomUUID().toString().substring(0, 8);
        String prefix = "shop." + u + ":";
        String in = u + "-in";
        kafka.createTopic(in, 1);
        String processors = """
            [{"dedupe": {"key": "seen:{id}"}},
             {"cacheLatest": {"key": "{symbol}:latest", "ttl": "1h"}},
             {"publish": {"channel": "ticks:{symbol}"}},
             {"enqueue": {"stream": "tasks"}},
             {"aggregate": {"key": "stats:{symbol}", "count": true, "sum": ["volume"]}},
             {"store": {"key": "{symbol}:history"}}]""";
        String json = KeyPrefixIT.prefixedAt(WorkerConfigs.topicWorker(u, kafka.bootstrapServers(), server.url(), in,
            processors, null), server.url(), prefix);
        RuntimeConfig config = RuntimeConfigs.parse(json).orThrow();
        String user = "tributary." + u;
        String password = "pw-" + UUID.randomUUID();
        setUser(admin, user, RedisAclRules.setUserRules(KeyPrefix.of(prefix), password, RedisAclRules.commands(config)));

        KafkaTestClient.send(kafka.bootstrapServers(), in, List.of(
            "{\"id\":1,\"symbol\":\"AAPL\",\"volume\":1}", "{\"id\":2,\"symbol\":\"AAPL\",\"volume\":2}",
            "{\"id\":1,\"symbol\":\"AAPL\",\"volume\":5}"));
        try (RunningRole worker = RunningRole.start(json,
            Map.of(SecretEnv.REDIS_USERNAME, user, SecretEnv.REDIS_PASSWORD, password))) {
          await().atMost(Duration.ofSeconds(30)).until(() -> WorkerProcessorsIT.committed(u, in) == 3);
          assertThat(admin.hgetall(prefix + "stats:AAPL")).isEqualTo(Map.of("count", "2", "sum_volume", "3"));
          assertThat(admin.get(prefix + "AAPL:latest")).contains("\"volume\":2");
          assertThat(admin.xlen(prefix + "tasks")).isEqualTo(2);
          assertThat(admin.llen(prefix + "AAPL:history")).isEqualTo(2);
          assertThat(worker.opsServer().failingReadinessChecks()).as("its readiness PING passes").isEmpty();
        }

        // a Redis-stream worker of the same Pipeline, as its own user, reads what the first enqueued
        String streamJson = KeyPrefixIT.prefixedAt(WorkerConfigs.worker(u + "s", kafka.bootstrapServers(), server.url(),
            "{\"redisStream\": {\"stream\": \"tasks\", \"group\": \"g\"}}",
            "[{\"cacheLatest\": {\"key\": \"fromstream:{symbol}\"}}]", null), server.url(), prefix);
        String streamUser = "tributary." + u + ".s";
        String streamPassword = "pw-" + UUID.randomUUID();
        setUser(admin, streamUser, RedisAclRules.setUserRules(KeyPrefix.of(prefix), streamPassword,
            RedisAclRules.commands(RuntimeConfigs.parse(streamJson).orThrow())));
        try (RunningRole streamWorker = RunningRole.start(streamJson,
            Map.of(SecretEnv.REDIS_USERNAME, streamUser, SecretEnv.REDIS_PASSWORD, streamPassword))) {
          await().atMost(Duration.ofSeconds(30)).until(() -> admin.exists(prefix + "fromstream:AAPL") == 1
              && admin.xpending(prefix + "tasks", "g").getCount() == 0);
          assertThat(admin.get(prefix + "fromstream:AAPL")).contains("\"volume\":2");
        }

        RedisClient asUser = RedisClient.create(RedisURI.builder(RedisURI.create(server.url()))
            .withAuthentication(user, password.toCharArray()).build());
        try (StatefulRedisConnection<String, String> connection = asUser.connect()) {
          RedisCommands<String, String> redis = connection.sync();
          assertThat(redis.set(prefix + "mine", "1")).as("inside its prefix").isEqualTo("OK");
          assertThat(redis.exists(prefix + "AAPL:latest")).isEqualTo(1);
          // SET and HGET it may run, but not on these keys; GET it never needs
          assertNoPerm(() -> redis.set("other:x", "1"), "keys");
          assertNoPerm(() -> redis.set("shop.b:" + u, "1"), "keys");
          assertNoPerm(() -> redis.hget("other:stats:AAPL", "count"), "keys");
          assertNoPerm(() -> redis.exists("other:AAPL:latest"), "keys");
          assertNoPerm(() -> redis.get("other:AAPL:latest"), "'get' command");
          assertNoPerm(() -> redis.publish("other:ticks", "x"), "channel");
          assertThat(redis.publish(prefix + "ticks:AAPL", "x")).isZero();
          assertNoPerm(() -> redis.keys("*"), "'keys' command");
          assertNoPerm(() -> redis.flushall(), "'flushall' command");
          // a script runs with its caller's ACL: a key it builds itself outside the prefix is refused
          String sha = redis.scriptLoad("return redis.call('SET', ARGV[1], 'x')");
          assertThat((String) redis.evalsha(sha, ScriptOutputType.STATUS, new String[0], prefix + "ok")).isEqualTo("OK");
          // (Redis 7.0 words this refusal inside a script as ERR, not NOPERM)
          assertThatThrownBy(() -> redis.evalsha(sha, ScriptOutputType.STATUS, new String[0], "outside"))
              .isInstanceOf(RedisCommandExecutionException.class)
              .hasMessageContaining("The user executing the script can't access at least one of the keys");
          assertThat(admin.exists("outside", "other:x", "shop.b:" + u)).isZero();
        } finally {
          asUser.shutdown();
        }

        // removing the user (what the component's deletion does) locks it out
        assertThat(admin.aclUsers()).contains(user);
        admin.aclDeluser(user);
        assertThat(admin.aclUsers()).doesNotContain(user);
        RedisClient gone = RedisClient.create(RedisURI.builder(RedisURI.create(server.url()))
            .withAuthentication(user, password.toCharArray()).build());
        try {
          assertThatThrownBy(() -> gone.connect().close()).hasStackTraceContaining("WRONGPASS");
        } finally {
          gone.shutdown();
        }
      } finally {
        adminClient.shutdown();
      }
    }
  }

  private static void setUser(RedisCommands<String, String> admin, String user, List<String> rules) {
    CommandArgs<String, String> args = new CommandArgs<>(StringCodec.UTF8).add("SETUSER").add(user);
    rules.forEach(args::add);
    assertThat(admin.dispatch(CommandType.ACL, new StatusOutput<>(StringCodec.UTF8), args)).isEqualTo("OK");
  }

  /** The call is refused by the ACL, for the reason named by {@code what} (keys, channel, a command). */
  private static void assertNoPerm(Runnable call, String what) {
    assertThatThrownBy(call::run).isInstanceOf(RedisCommandExecutionException.class)
        .hasMessageStartingWith("NOPERM").hasMessageContaining(what);
  }
}
