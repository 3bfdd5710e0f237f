package io.tributary.runtime.worker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.tributary.runtime.embedded.EmbeddedKafkaBroker;
import io.tributary.runtime.embedded.EmbeddedRedisSentinel;
import io.tributary.runtime.embedded.FreePorts;
import io.tributary.runtime.embedded.SupervisedProcess;
import io.tributary.runtime.testing.RunningRole;
import io.tributary.runtime.testing.SharedServers;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A worker on a {@code redis-sentinel://} URL against real servers on 127.0.0.1: a master, two
 * replicas ({@code --replicaof}) and three {@code redis-server --sentinel}, all stopped by the test;
 * the master and replicas with the URL's password, the sentinels with their own
 * ({@code TRIBUTARY_REDIS_SENTINEL_PASSWORD}).
 * With {@code redis.minReplicasAcked: 1} a batch is committed only once a replica has its writes,
 * so a kill -9 of the master mid-stream loses nothing whose offset was committed, and the worker
 * follows the promoted replica by itself. Two replicas, because after the failover the new master
 * needs a replica of its own for {@code WAIT 1} to be answered.
 */
class SentinelFailoverIT {
  /** The master's and replicas' password: the URL's. */
  private static final String MASTER_PASSWORD = "master-pw";
  /** The sentinels' own: TRIBUTARY_REDIS_SENTINEL_PASSWORD. */
  private static final String SENTINEL_PASSWORD = "sentinel-pw";

  @TempDir
  Path dir;

  @Test
  void aMasterKilledMidStreamLosesNothingAcknowledgedAndTheWorkerFollowsThePromotedReplica() throws Exception {
    EmbeddedKafkaBroker kafka = SharedServers.kafka();
    String p = "sf" + UUID.randomUUID().toString().substring(0, 8);
    String in = p + "-in";
    kafka.createTopic(in, 3);
    int total = 6000;
    try (EmbeddedRedisSentinel redis = EmbeddedRedisSentinel.start(2, 3, MASTER_PASSWORD, SENTINEL_PASSWORD)) {
      String url = redis.url();
      assertThat(url).startsWith("redis-sentinel://:" + MASTER_PASSWORD + "@127.0.0.1:").endsWith("/0#m");
      String processors = """
          [{"dedupe": {"key": "P:seen:{id}", "ttl": "1h"}},
           {"aggregate": {"key": "P:total", "count": true, "sum": ["amount"]}}]
          """.replace("P:", p + ":");
      String config = WorkerConfigs.topicWorker(p, kafka.bootstrapServers(), url, in, processors, null)
          .replace("\"redis\": {\"url\": \"" + url + "\"}", "\"redis\": {\"url\": \"" + url + "\", \"minReplicasAcked\": 1}");
      assertThat(config).contains("\"minReplicasAcked\": 1");
      RedisClient client = RedisClient.create(redis.clientUri());
      try (RunningRole worker = RunningRole.start(config,
          Map.of(io.tributary.runtime.config.SecretEnv.REDIS_SENTINEL_PASSWORD, SENTINEL_PASSWORD))) {
        CompletableFuture<Void> stream = CompletableFuture.runAsync(
            () -> WorkerResilienceIT.produceSteadily(kafka, in, total, 15));
        await().atMost(Duration.ofSeconds(60)).until(() -> WorkerResilienceIT.count(client, p) > 1000);

        redis.killMaster();
        long committedAtKill = WorkerProcessorsIT.committed(p, in);
        await().atMost(Duration.ofSeconds(60)).until(() -> {
          int now = redis.masterPort();
          return now > 0 && now != redis.firstMasterPort();
        });

        stream.get();
        await().atMost(Duration.ofSeconds(120)).until(() -> WorkerResilienceIT.count(client, p) == total);
        try (var connection = client.connect()) {
          assertThat(connection.sync().hgetall(p + ":total")).as("each record counted once, none lost")
              .isEqualTo(Map.of("count", String.valueOf(total), "sum_amount", String.valueOf(total * (total - 1L) / 2)));
        }
        await().atMost(Duration.ofSeconds(30)).until(() -> WorkerProcessorsIT.committed(p, in) == total);
        assertThat(committedAtKill).as("the kill came mid-stream").isLessThan(total);
        await().atMost(Duration.ofSeconds(30)).until(() -> worker.opsServer().failingReadinessChecks().isEmpty());
      } finally {
        client.shutdown();
      }
    }
  }

  /**
   * The guard itself, without a failover: a master without a replica runs the scripts, but with
   * {@code minReplicasAcked: 1} no offset is committed until a replica has the writes.
   */
  @Test
  void noOffsetIsCommittedUntilAReplicaHasTheBatchsWrites() throws Exception {
    EmbeddedKafkaBroker kafka = SharedServers.kafka();
    String p = "sw" + UUID.randomUUID().toString().substring(0, 8);
    String in = p + "-in";
    kafka.createTopic(in, 1);
    int total = 200;
    List<SupervisedProcess> servers = new ArrayList<>();
    try {
      int masterPort = FreePorts.next();
      server(servers, "master", masterPort, List.of(), null);
      String url = "redis://127.0.0.1:" + masterPort + "/0";
      String processors = """
          [{"dedupe": {"key": "P:seen:{id}", "ttl": "1h"}},
           {"aggregate": {"key": "P:total", "count": true, "sum": ["amount"]}}]
          """.replace("P:", p + ":");
      String config = WorkerConfigs.topicWorker(p, kafka.bootstrapServers(), url, in, processors, null)
          .replace("\"redis\": {\"url\": \"" + url + "\"}", "\"redis\": {\"url\": \"" + url + "\", \"minReplicasAcked\": 1}");
      RedisClient client = RedisClient.create(url);
      try (RunningRole worker = RunningRole.start(config)) {
        WorkerResilienceIT.produceSteadily(kafka, in, total, 0);
        await().atMost(Duration.ofSeconds(60)).until(() -> WorkerResilienceIT.count(client, p) == total);
        // written on the master, but no replica has it: a failover now would lose it, so not committed
        await().during(Duration.ofSeconds(4)).atMost(Duration.ofSeconds(8))
            .until(() -> WorkerProcessorsIT.committed(p, in) == 0);

        server(servers, "replica", FreePorts.next(), List.of("--replicaof", "127.0.0.1", String.valueOf(masterPort)), null);
        await().atMost(Duration.ofSeconds(60)).until(() -> WorkerProcessorsIT.committed(p, in) == total);
        try (var connection = client.connect()) {
          assertThat(connection.sync().hgetall(p + ":total")).as("the retried tries were replays: counted once")
              .isEqualTo(Map.of("count", String.valueOf(total), "sum_amount", String.valueOf(total * (total - 1L) / 2)));
        }
      } finally {
        client.shutdown();
      }
    } finally {
      servers.forEach(SupervisedProcess::close);
    }
  }

  private SupervisedProcess server(List<SupervisedProcess> servers, String name, int port, List<String> extra,
      String password) throws IOException {
    Path work = Files.createDirectories(dir.resolve(name));
    List<String> command = new ArrayList<>(List.of("redis-server", "--port", String.valueOf(port),
        "--bind", "127.0.0.1", "--save", "", "--appendonly", "no", "--protected-mode", "no",
        "--dir", work.toString()));
    command.addAll(extra);
    SupervisedProcess process = SupervisedProcess.start(name, command, Map.of(), work.resolve("redis.log"));
    servers.add(process);
    await().atMost(Duration.ofSeconds(20)).until(() -> ping(port, password));
    return process;
  }

  private static RedisURI uri(int port, String password) {
    RedisURI.Builder builder = RedisURI.Builder.redis("127.0.0.1", port);
    return (password == null ? builder : builder.withPassword(password.toCharArray())).build();
  }

  private static boolean ping(int port, String password) {
    RedisClient client = RedisClient.create(uri(port, password));
    try (var connection = client.connect()) {
      return "PONG".equals(connection.sync().ping());
    } catch (RuntimeException notYet) {
      return false;
    } finally {
      client.shutdown(Duration.ZERO, Duration.ofSeconds(1));
    }
  }
}
