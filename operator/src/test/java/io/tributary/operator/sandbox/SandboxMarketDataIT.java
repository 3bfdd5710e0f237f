package io.tributary.operator.sandbox;

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
 * jar runs {@code manifests/examples/market-data.yaml}, market data reaches Redis, and closing the
 * sandbox leaves no process behind. Needs {@code pipeline-runtime/target/pipeline-runtime.jar}
 * (built by the reactor before this module's integration tests).
 */
class SandboxMarketDataIT {
  private static final List<String> SYMBOLS = List.of("AAPL", "MSFT", "GOOGL", "AMZN", "TSLA", "NVDA", "META");

  @Test
  void marketDataFlowsIntoRedisAndNothingIsLeftRunning() {
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
      try (StatefulRedisConnection<String, String> connection = redisClient.connect()) {
        await().atMost(Duration.ofMinutes(3)).pollInterval(Duration.ofSeconds(2)).untilAsserted(() -> {
          for (String symbol : SYMBOLS) {
            String key = "market_data:" + symbol + ":latest";
            assertThat(connection.sync().get(key)).as(key).contains(symbol);
            assertThat(connection.sync().ttl(key)).as("TTL of " + key).isBetween(1L, 300L);
          }
        });
      } finally {
        redisClient.shutdown();
      }
      assertThat(sandbox.statusTable()).containsPattern("Producer +market-data-feed +1/1 ");
      pids = sandbox.node().pods().stream().filter(p -> p.pid().isPresent()).map(p -> p.pid().getAsLong())
          .collect(Collectors.toSet());
      assertThat(pids).hasSizeGreaterThanOrEqualTo(3);
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
