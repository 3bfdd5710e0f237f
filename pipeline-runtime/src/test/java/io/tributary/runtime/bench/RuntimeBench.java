package io.tributary.runtime.bench;

import static org.assertj.core.api.Assertions.assertThat;

import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import io.tributary.runtime.embedded.EmbeddedKafkaBroker;
import io.tributary.runtime.embedded.EmbeddedRedisCluster;
import io.tributary.runtime.embedded.EmbeddedRedisServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The runtime benchmark ({@code ./mvnw -Pbench -pl pipeline-runtime verify}; not part of the
 * normal build). In one run, on one in-process Kafka broker and one redis-server, all on
 * 127.0.0.1, it measures the limits (Kafka's ProducerPerformance and ConsumerPerformance,
 * {@code redis-benchmark} SET pipelined) and our producer and worker over the same record count
 * ({@code -Dbench.records}, default 200,000), and the Redis CPU per record of redis-benchmark and of
 * our worker; the payments example's chain ({@code dedupe} + {@code aggregate}); the worker with {@code cacheLatest} alone on that Redis and on a three-master Redis
 * Cluster started for it (issue 16); prints the tables with the ratios and writes them to
 * {@code target/bench/results.md}. It asserts only that every measurement ran and the worker's
 * writes are in Redis; rates are reported, never asserted.
 */
class RuntimeBench {
  private static final int RECORDS = Integer.getInteger("bench.records", 200_000);
  private static final String PERF_TOPIC = "bench.producer-performance";
  private static final String OUR_TOPIC = "bench.payments";
  private static final String INGEST_TOPIC = "bench.ingest-ours";
  private static final String BASELINE_INGEST_TOPIC = "bench.ingest-baseline";

  @Test
  @Timeout(value = 20, unit = TimeUnit.MINUTES)
  void measuresOurProducerAndWorkerAgainstKafkaAndRedisLimits() throws Exception {
    Path dir = Files.createDirectories(Path.of("target", "bench"));
    Path payloads = dir.resolve("payments.jsonl");
    int recordBytes = PaymentPayloads.write(payloads, 1000);
    try (EmbeddedKafkaBroker kafka = EmbeddedKafkaBroker.start();
        EmbeddedRedisServer redis = EmbeddedRedisServer.startOnFreePort();
        KafkaProbe probe = new KafkaProbe(kafka.bootstrapServers(), kafka.admin())) {
      String bootstrap = kafka.bootstrapServers();
      for (String topic : new String[] {PERF_TOPIC, OUR_TOPIC, INGEST_TOPIC, BASELINE_INGEST_TOPIC}) {
        probe.createAppendTimeTopic(topic);
        kafka.createTopic(topic, 1); // exists: only waits until the broker serves it
      }

      // the same delivery and batching settings as our producer (KafkaRecordSender)
      Throughput producerTool = KafkaPerfTools.producerPerformance(bootstrap, PERF_TOPIC, RECORDS, payloads,
          Map.of("acks", "all", "enable.idempotence", "true", "linger.ms", "5", "batch.size", "131072"),
          dir.resolve("producer-performance.log"));
      Throughput producerToolBrokerClock = probe.appendRate("Kafka ProducerPerformance", PERF_TOPIC, RECORDS);
      Throughput ourProducer = OurRoles.producer(probe, bootstrap, OUR_TOPIC, RECORDS, dir);

      Throughput consumerTool = KafkaPerfTools.consumerPerformance(bootstrap, OUR_TOPIC, RECORDS,
          "bench.consumer-performance", dir.resolve("consumer-performance.log"));
      double cpuBeforeSet = RedisCpu.seconds(redis.url());
      Throughput redisSet = RedisBenchmark.pipelinedSet(redis.port(), RECORDS, recordBytes,
          dir.resolve("redis-benchmark.log"));
      double cpuBeforeWorker = RedisCpu.seconds(redis.url());
      Throughput ourWorker = OurRoles.worker(probe, bootstrap, redis.url(), OUR_TOPIC, "bench.cache-writer",
          RECORDS, dir);
      double cpuAfterWorker = RedisCpu.seconds(redis.url());
      Throughput paymentsChain = OurRoles.paymentsWorker(probe, bootstrap, redis.url(), OUR_TOPIC, "bench.payments-chain",
          RECORDS, dir);
      double cpuAfterPayments = RedisCpu.seconds(redis.url());
      Throughput cacheOnOne = OurRoles.cacheWorker(probe, bootstrap, redis.url(), false, OUR_TOPIC, "bench.cache-one",
          RECORDS, dir, "our worker (cacheLatest), one Redis");
      double cpuAfterCacheOnOne = RedisCpu.seconds(redis.url());
      Throughput cacheOnCluster;
      RedisCpu.PerRecord clusterCpu;
      try (EmbeddedRedisCluster cluster = EmbeddedRedisCluster.start(3, 0)) {
        double before = clusterCpu(cluster);
        cacheOnCluster = OurRoles.cacheWorker(probe, bootstrap, cluster.url(), true, OUR_TOPIC, "bench.cache-cluster",
            RECORDS, dir, "our worker (cacheLatest), Redis Cluster of 3 masters");
        clusterCpu = RedisCpu.perRecord(cacheOnCluster.name() + ", all masters", before, clusterCpu(cluster), RECORDS);
      }
      String batch = HttpIngest.batch(payloads);
      Throughput ingestBaseline = HttpIngest.baseline(bootstrap, BASELINE_INGEST_TOPIC, batch, dir);
      Throughput ingest = HttpIngest.ours(bootstrap, INGEST_TOPIC, batch, dir, OurRoles.jvmOptions());
      // the worker's includes its last poll's records beyond RECORDS and its idle polls: a little high
      List<RedisCpu.PerRecord> redisCpu = List.of(
          RedisCpu.perRecord("redis-benchmark SET -P 16", cpuBeforeSet, cpuBeforeWorker, RECORDS),
          RedisCpu.perRecord(ourWorker.name(), cpuBeforeWorker, cpuAfterWorker, RECORDS),
          RedisCpu.perRecord(paymentsChain.name(), cpuAfterWorker, cpuAfterPayments, RECORDS),
          RedisCpu.perRecord(cacheOnOne.name(), cpuAfterPayments, cpuAfterCacheOnOne, RECORDS),
          clusterCpu);

      String setting = String.format("Runtime bench: %,d records of ~%d bytes (payments JSON), one-partition topics,"
          + " Kafka %s in-process and redis-server on 127.0.0.1, %d CPUs visible to the JVM.",
          RECORDS, recordBytes, org.apache.kafka.common.utils.AppInfoParser.getVersion(),
          Runtime.getRuntime().availableProcessors());
      String report = BenchReport.render(setting, producerTool, producerToolBrokerClock, ourProducer,
          consumerTool, redisSet, ourWorker, paymentsChain, List.of(cacheOnOne, cacheOnCluster), ingest, ingestBaseline, redisCpu);
      Files.writeString(dir.resolve("results.md"), report);
      System.out.println("\n" + report);

      assertThat(probe.endOffset(OUR_TOPIC)).isGreaterThanOrEqualTo(RECORDS);
      assertThat(cachedPayments(redis.url())).as("bench:payment:* keys written by our worker")
          .isGreaterThanOrEqualTo(RECORDS);
      assertThat(probe.endOffset(INGEST_TOPIC)).as("records our HTTP ingest acknowledged").isPositive();
      assertThat(totalCount(redis.url())).as("payments counted by the payments chain (each id once)")
          .isGreaterThanOrEqualTo(RECORDS);
    }
  }

  /** Seconds of CPU all nodes of {@code cluster} have used. */
  private static double clusterCpu(EmbeddedRedisCluster cluster) {
    double sum = 0;
    for (int port : cluster.ports()) {
      sum += RedisCpu.seconds("redis://127.0.0.1:" + port);
    }
    return sum;
  }

  /** The payments chain's total count ({@code bench:total}). */
  private static long totalCount(String url) {
    RedisClient client = RedisClient.create(url);
    try (StatefulRedisConnection<String, String> connection = client.connect()) {
      String count = connection.sync().hget("bench:total", "count");
      return count == null ? 0 : Long.parseLong(count);
    } finally {
      client.shutdown(Duration.ZERO, Duration.ofSeconds(2));
    }
  }

  /** Keys our worker's cacheLatest wrote. */
  private static long cachedPayments(String url) {
    RedisClient client = RedisClient.create(url);
    try (StatefulRedisConnection<String, String> connection = client.connect()) {
      return connection.sync().keys("bench:payment:*").size();
    } finally {
      client.shutdown(Duration.ZERO, Duration.ofSeconds(2));
    }
  }
}
