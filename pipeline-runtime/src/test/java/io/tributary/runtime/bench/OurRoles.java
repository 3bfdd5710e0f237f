package io.tributary.runtime.bench;

import io.tributary.runtime.testing.RuntimeProcess;
import java.nio.file.Path;
import java.time.Duration;

/**
 * Our producer and worker, each started as its own JVM exactly as in a pod
 * ({@code io.tributary.runtime.Main <role> <config.json>}), timed from the outside through the
 * broker and stopped with SIGTERM.
 */
final class OurRoles {
  private static final Duration LIMIT = Duration.ofMinutes(4);
  private static final long POLL_MILLIS = 20;
  /**
   * Extra JVM options of our roles ({@code -Dbench.jvmOptions="-XX:StartFlightRecording=..."}, to
   * profile them), separated by spaces.
   */
  private static final java.util.List<String> JVM_OPTIONS =
      java.util.Arrays.stream(System.getProperty("bench.jvmOptions", "").trim().split("\\s+"))
          .filter(option -> !option.isEmpty()).toList();

  private OurRoles() {}

  /** The JVM options of our roles ({@code -Dbench.jvmOptions}). */
  static java.util.List<String> jvmOptions() {
    return JVM_OPTIONS;
  }

  /**
   * The {@code payments} source with a rate no machine reaches, so the generator never sleeps:
   * what is measured is generation, JSON encoding and the idempotent producer. Rate by the broker's
   * append times of the first {@code records} records.
   */
  static Throughput producer(KafkaProbe probe, String bootstrap, String topic, long records, Path dir)
      throws Exception {
    String config = """
        {"pipeline": "bench", "component": "payments", "role": "producer",
         "kafka": {"bootstrapServers": "%s"},
         "producer": {"topic": "%s", "source": {"payments": {"ratePerSecond": 1.0E9, "seed": 7}}}}
        """.formatted(bootstrap, topic);
    String rss;
    try (RuntimeProcess producer = RuntimeProcess.start("producer", config, dir, "our-producer", java.util.Map.of(), JVM_OPTIONS)) {
      long deadline = System.nanoTime() + LIMIT.toNanos();
      while (probe.endOffset(topic) < records) {
        failIfGone(producer, "producer", deadline);
        Thread.sleep(POLL_MILLIS);
      }
      rss = ResidentMemory.note(producer.pid());
      producer.terminate();
    }
    return probe.appendRate("our producer (payments, unthrottled)", topic, records).noted(rss);
  }

  /**
   * A worker with {@code cacheLatest} (one key per payment) and {@code publish} (a channel per
   * merchant) reading {@code topic} from the start. Rate by its committed offsets: from its first
   * commit to the commit that covers {@code records} (excludes JVM start and the group join).
   */
  static Throughput worker(KafkaProbe probe, String bootstrap, String redisUrl, String topic, String group,
      long records, Path dir) throws Exception {
    return worker(probe, bootstrap, "{\"url\": \"%s\"}".formatted(redisUrl), topic, group, records, dir,
        """
        [{"cacheLatest": {"key": "bench:payment:{payment_id}", "ttl": "1h"}},
         {"publish": {"channel": "bench:payments:{merchant}"}}]""", "our worker (cacheLatest + publish)", "our-worker");
  }

  /**
   * The payments example's chain: {@code dedupe} by payment id, then {@code aggregate} (count and
   * sum of the amount) per merchant and in one total, on one Redis, reading {@code topic} from the
   * start in {@code group}; rate as {@link #worker(KafkaProbe, String, String, String, String, long, Path)}.
   */
  static Throughput paymentsWorker(KafkaProbe probe, String bootstrap, String redisUrl, String topic, String group,
      long records, Path dir) throws Exception {
    return worker(probe, bootstrap, "{\"url\": \"%s\"}".formatted(redisUrl), topic, group, records, dir,
        """
        [{"dedupe": {"key": "bench:seen:{payment_id}", "ttl": "1h"}},
         {"aggregate": {"key": "bench:merchant:{merchant}", "count": true, "sum": ["amount"]}},
         {"aggregate": {"key": "bench:total", "count": true, "sum": ["amount"]}}]""",
        "our worker (payments chain: dedupe + 2 aggregates)", "our-worker-payments");
  }

  /**
   * A worker with only {@code cacheLatest} (one key per payment), on one Redis or on a Redis
   * Cluster ({@code redis.cluster}), reading {@code topic} from the start in {@code group}; rate as
   * {@link #worker(KafkaProbe, String, String, String, String, long, Path)}. (On a cluster a chain's
   * keys share one slot: {@code publish} by merchant beside a key by payment cannot.)
   */
  static Throughput cacheWorker(KafkaProbe probe, String bootstrap, String redisUrl, boolean cluster, String topic,
      String group, long records, Path dir, String name) throws Exception {
    String redis = cluster ? "{\"url\": \"%s\", \"cluster\": true}".formatted(redisUrl)
        : "{\"url\": \"%s\"}".formatted(redisUrl);
    return worker(probe, bootstrap, redis, topic, group, records, dir,
        "[{\"cacheLatest\": {\"key\": \"bench:payment:{payment_id}\", \"ttl\": \"1h\"}}]", name,
        cluster ? "our-worker-cluster" : "our-worker-cache");
  }

  private static Throughput worker(KafkaProbe probe, String bootstrap, String redisJson, String topic, String group,
      long records, Path dir, String processors, String name, String file) throws Exception {
    String config = """
        {"pipeline": "bench", "component": "cache-writer", "role": "worker",
         "kafka": {"bootstrapServers": "%s"}, "redis": %s,
         "worker": {"input": {"topic": {"name": "%s", "consumerGroup": "%s"}},
                    "processors": %s}}
        """.formatted(bootstrap, redisJson, topic, group, processors);
    long firstNanos = 0;
    long firstCommitted = 0;
    try (RuntimeProcess worker = RuntimeProcess.start("worker", config, dir, file, java.util.Map.of(), JVM_OPTIONS)) {
      long deadline = System.nanoTime() + LIMIT.toNanos();
      while (true) {
        long committed = probe.committed(group);
        long now = System.nanoTime();
        if (committed > 0 && firstNanos == 0) {
          firstNanos = now;
          firstCommitted = committed;
        }
        if (committed >= records) {
          String rss = ResidentMemory.note(worker.pid());
          worker.terminate();
          return Throughput.over(name, committed - firstCommitted,
              now - firstNanos, "committed offsets, first commit to " + records + rss);
        }
        failIfGone(worker, "worker", deadline);
        Thread.sleep(POLL_MILLIS);
      }
    }
  }

  private static void failIfGone(RuntimeProcess process, String role, long deadlineNanos) {
    if (!process.isAlive()) {
      throw new IllegalStateException("our " + role + " exited early; log:\n" + ChildProcess.tail(process.log()));
    }
    if (System.nanoTime() > deadlineNanos) {
      throw new IllegalStateException("our " + role + " did not get through the records within " + LIMIT
          + "; log:\n" + ChildProcess.tail(process.log()));
    }
  }
}
