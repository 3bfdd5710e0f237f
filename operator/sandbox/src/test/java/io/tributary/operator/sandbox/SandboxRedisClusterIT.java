package io.tributary.operator.sandbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.lettuce.core.cluster.RedisClusterClient;
import io.lettuce.core.cluster.api.StatefulRedisClusterConnection;
import io.tributary.api.v1alpha1.Worker;
import io.tributary.operator.sandbox.node.RuntimeJar;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * {@code --redis-cluster}: the sandbox runs a Redis Cluster of three masters instead of one
 * redis-server and points every Pipeline at it with {@code spec.redis.cluster: true}. The
 * call-stats example runs on it unchanged (its aggregate lands in the cluster, in the slot of its
 * name); the payments Worker, whose dedupe and aggregate keys cannot share a slot, is refused with
 * the field named and gets no Deployment; closing the sandbox stops every node.
 */
class SandboxRedisClusterIT {
  private static final String PREFIX = io.tributary.runtime.config.KeyPrefix.derived("default", "call-stats");

  @Test
  void theExamplesRunOnAClusterOfThreeMastersAndAChainThatCannotShareASlotIsRefused() {
    Set<Long> before = descendants();
    Sandbox sandbox = Sandbox.start(SandboxOptions.defaults()
        .withOutputDir(Path.of("target", "sandbox-it", "redis-cluster"))
        .withRuntimeJar(RuntimeJar.require())
        .withRedisCluster(true));
    Set<Long> nodes = newRedisServers(before);
    try {
      assertThat(sandbox.redis()).isNull();
      assertThat(sandbox.redisCluster().masterPorts()).hasSize(SandboxOptions.CLUSTER_MASTERS);
      assertThat(nodes).hasSize(SandboxOptions.CLUSTER_MASTERS);
      assertThat(sandbox.startupNotes()).anySatisfy(line -> assertThat(line).startsWith("Redis Cluster").contains("3 masters"));
      List<String> applied = sandbox.apply(List.of(repositoryFile("manifests/examples/call-stats.yaml"),
          repositoryFile("manifests/examples/payments.yaml")));
      assertThat(applied).anySatisfy(line -> assertThat(line).startsWith("rewrote Pipeline default/call-stats")
          .contains("\"url\":\"" + sandbox.redisUrl() + "\",\"cluster\":true"));

      RedisClusterClient client = RedisClusterClient.create(sandbox.redisUrl());
      try (StatefulRedisClusterConnection<String, String> connection = client.connect()) {
        String stats = PREFIX + "calls:stats";
        await("the call totals in the cluster").atMost(Duration.ofMinutes(3)).pollInterval(Duration.ofSeconds(2))
            .untilAsserted(() -> {
              Map<String, String> totals = connection.sync().hgetall(stats);
              assertThat(totals).as(stats).containsKeys("count", "sum_duration");
              assertThat(Long.parseLong(totals.get("count"))).isPositive();
            });
        // the hash is on the master that owns its slot, as any cluster client finds it
        int slot = io.lettuce.core.cluster.SlotHash.getSlot(stats);
        String owner = connection.getPartitions().getPartitionBySlot(slot).getUri().getPort() + "";
        assertThat(sandbox.redisCluster().command(Integer.parseInt(owner), "EXISTS", stats).trim()).isEqualTo("1");
      } finally {
        client.shutdown();
      }

      await("the payments Worker refused").atMost(Duration.ofMinutes(1)).untilAsserted(() -> {
        Worker worker = sandbox.client().resources(Worker.class).inNamespace("default").withName("payment-aggregator").get();
        assertThat(worker.getStatus()).isNotNull();
        var ready = worker.getStatus().condition("Ready");
        assertThat(ready.getStatus()).isEqualTo("False");
        assertThat(ready.getMessage()).contains("spec.processors[").contains("on a Redis Cluster every key of one record must be in one slot");
      });
      assertThat(sandbox.client().apps().deployments().inNamespace("default").withName("payment-aggregator-worker").get())
          .as("no Deployment for the refused Worker").isNull();
      assertThat(sandbox.client().apps().deployments().inNamespace("default").withName("call-totals-worker").get()).isNotNull();
    } finally {
      sandbox.close();
    }
    assertThat(nodes).noneMatch(SandboxIT::alive);
  }

  @Test
  void aRedisPortWithTheClusterIsRefusedBeforeAnythingStarts() {
    Set<Long> before = descendants();
    assertThatThrownBy(() -> Sandbox.start(SandboxOptions.defaults()
        .withOutputDir(Path.of("target", "sandbox-it", "redis-cluster-port"))
        .withRuntimeJar(RuntimeJar.require())
        .withRedisCluster(true).withRedisPort(6390)))
        .isInstanceOf(SandboxStartupException.class)
        .hasMessage("--redis-port 6390 with --redis-cluster: the cluster's 3 nodes each take a free port; drop --redis-port");
    assertThat(newRedisServers(before)).isEmpty();
  }

  private static Set<Long> descendants() {
    return ProcessHandle.current().descendants().map(ProcessHandle::pid).collect(java.util.stream.Collectors.toSet());
  }

  /** Redis processes under this JVM that were not there before (each node runs under a watcher shell; Debian's redis-server is a link to redis-check-rdb). */
  private static Set<Long> newRedisServers(Set<Long> before) {
    return ProcessHandle.current().descendants()
        .filter(p -> !before.contains(p.pid()) && p.info().command().orElse("").contains("redis"))
        .map(ProcessHandle::pid).collect(java.util.stream.Collectors.toSet());
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
