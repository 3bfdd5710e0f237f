package io.tributary.operator.sandbox;

import java.util.concurrent.CopyOnWriteArrayList;

import java.time.Instant;

import io.lettuce.core.pubsub.StatefulRedisPubSubConnection;

import io.lettuce.core.pubsub.RedisPubSubAdapter;

import com.fasterxml.jackson.databind.ObjectMapper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import io.tributary.operator.sandbox.node.RuntimeJar;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * The README's first command, as a test: the sandbox with the real operator and the real runtime
 * jar runs {@code manifests/examples/market-data.yaml}; every symbol's latest tick is cached with
 * its TTL, ticks are published on their pub/sub channel, the task executor stores history from the
 * Redis stream, and closing the sandbox leaves no process behind. Needs {@code pipeline-runtime/target/pipeline-runtime.jar}
 * (built by the reactor before this module's integration tests).
 */
class SandboxMarketDataIT {
  /** The market-data Pipeline's Redis names start with its default key prefix (namespace default). */
  private static final String PREFIX = io.tributary.runtime.config.KeyPrefix.derived("default", "market-data");
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final List<String> SYMBOLS = List.of("AAPL", "MSFT", "GOOGL", "AMZN", "TSLA", "NVDA", "META");

  @Test
  void marketDataFlowsIntoRedisAndNothingIsLeftRunning() throws Exception {
    Path example = repositoryFile("manifests/examples/market-data.yaml");
    Set<Long> before = SandboxIT.childPids();
    Sandbox sandbox = Sandbox.start(SandboxOptions.defaults()
        .withOutputDir(Path.of("target", "sandbox-it", "market-data"))
        .withRuntimeJar(RuntimeJar.require()));
    Set<Long> pids;
    Set<Long> redis = SandboxIT.newRedisChildren(before);
    try {
      assertThat(sandbox.apply(List.of(example))).anySatisfy(line -> assertThat(line)
          .startsWith("rewrote Pipeline default/market-data").contains(sandbox.kafkaBootstrapServers()));

      RedisClient redisClient = RedisClient.create(sandbox.redisUrl());
      List<String> published = new CopyOnWriteArrayList<>();
      try (StatefulRedisConnection<String, String> connection = redisClient.connect();
          StatefulRedisPubSubConnection<String, String> subscriber = redisClient.connectPubSub()) {
        subscriber.addListener(new RedisPubSubAdapter<>() {
          @Override
          public void message(String channel, String message) {
            published.add(channel + " " + message);
          }
        });
        subscriber.sync().subscribe(PREFIX + "tasks:market_data:AAPL");
        await().atMost(Duration.ofMinutes(3)).pollInterval(Duration.ofSeconds(2)).untilAsserted(() -> {
          for (String symbol : SYMBOLS) {
            String key = PREFIX + "market_data:" + symbol + ":latest";
            String latest = connection.sync().get(key);
            assertThat(latest).as(key).contains("\"symbol\":\"" + symbol + "\"");
            assertThat(connection.sync().ttl(key)).as("TTL of " + key).isBetween(1L, 300L);
            Instant tickTime = Instant.parse(JSON.readTree(latest).get("ts").asText());
            assertThat(tickTime).as("time of the latest " + symbol + " tick").isAfter(Instant.now().minus(Duration.ofMinutes(1)));
          }
        });
        await("pub/sub fan-out").atMost(Duration.ofMinutes(1)).untilAsserted(() ->
            assertThat(published).anySatisfy(m -> assertThat(m).startsWith(PREFIX + "tasks:market_data:AAPL ").contains("AAPL")));
        await("the task executor stores history from the Redis stream").atMost(Duration.ofMinutes(2)).untilAsserted(() -> {
          assertThat(connection.sync().llen(PREFIX + "market_data:AAPL:history")).isPositive();
          assertThat(connection.sync().lindex(PREFIX + "market_data:AAPL:history", 0)).contains("\"symbol\":\"AAPL\"");
        });
      } finally {
        redisClient.shutdown();
      }
      assertThat(sandbox.statusTable()).containsPattern("Producer +market-data-feed +1/1 ");
      pids = sandbox.node().pods().stream().filter(p -> p.pid().isPresent()).map(p -> p.pid().getAsLong())
          .collect(Collectors.toSet());
      assertThat(pids).hasSizeGreaterThanOrEqualTo(3);
      // the pods' servers listen on loopback only (TRIBUTARY_METRICS_BIND): nothing for the network
      for (var pod : sandbox.node().pods()) {
        assertThat(ListeningSockets.addressesOf(pod.metricsPort())).as("listeners of %s on %s", pod.name(), pod.metricsPort())
            .isNotEmpty().allMatch(ListeningSockets::loopback);
      }
    } finally {
      sandbox.close();
    }
    assertThat(redis).hasSize(1);
    assertThat(pids).noneMatch(SandboxIT::alive);
    assertThat(redis).noneMatch(SandboxIT::alive);
    // other test classes in this JVM may own children of their own: look only for ours
    assertThat(ProcessHandle.current().children().filter(ProcessHandle::isAlive)
        .map(p -> p.info().commandLine().orElse(""))
        .filter(line -> line.contains("pipeline-runtime.jar"))).isEmpty();
  }

  private static Path repositoryFile(String relative) {
    for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
      if (Files.isRegularFile(dir.resolve(relative))) {
        return dir.resolve(relative);
      }
    }
    throw new IllegalStateException(relative + " not found from " + Path.of("").toAbsolutePath());
  }
}
