package io.tributary.runtime.worker;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** The worker's meters, named as in DESIGN §3 (Micrometer dots become Prometheus underscores). */
final class WorkerMetrics {
  private final MeterRegistry registry;
  private final Counter consumed;
  private final Timer consumeLatency;
  private final Counter cacheHits;
  private final Counter cacheMisses;
  private final Counter pubsubMessages;
  private final Timer endToEnd;
  private final Counter deadLettered;
  private final Counter tasksStarted;
  private final Counter tasksSucceeded;
  private final Counter tasksFailed;
  private final Timer taskDuration;
  private final Counter rebalances;
  private final Counter replayed;
  private final Map<String, Counter> processed = new ConcurrentHashMap<>();
  private final Map<String, Counter> deadLetterFailures = new ConcurrentHashMap<>();

  WorkerMetrics(MeterRegistry registry, String source) {
    this.registry = registry;
    this.consumed = Counter.builder("kafka.messages.consumed")
        .description("Records read from the input").tag("topic", source).register(registry);
    this.consumeLatency = histogram("kafka.consume.latency",
        "Record timestamp to the moment the worker read it");
    this.cacheHits = Counter.builder("redis.cache.hits")
        .description("cacheLatest writes to a key that existed").register(registry);
    this.cacheMisses = Counter.builder("redis.cache.misses")
        .description("cacheLatest writes to a new key").register(registry);
    this.pubsubMessages = Counter.builder("redis.pubsub.messages")
        .description("Messages published to Redis pub/sub channels").register(registry);
    this.endToEnd = histogram("pipeline.end.to.end.latency",
        "Record timestamp to the moment all processors are done with it");
    this.deadLettered = Counter.builder("pipeline.dead.letter")
        .description("Records sent to the dead-letter topic").register(registry);
    this.tasksStarted = Counter.builder("tasks.started").description("Stream entries taken").register(registry);
    this.tasksSucceeded = Counter.builder("tasks.succeeded").description("Stream entries done").register(registry);
    this.tasksFailed = Counter.builder("tasks.failed")
        .description("Stream entries dead-lettered").register(registry);
    this.taskDuration = histogram("task.duration", "Stream entry taken to acknowledged");
    this.rebalances = Counter.builder("kafka.consumer.rebalances")
        .description("Partition assignments this consumer received (alert: frequent rebalances)")
        .tag("topic", source).register(registry);
    this.replayed = Counter.builder("tributary.replayed.records")
        .description("Records delivered again whose Redis effects were applied before: skipped")
        .tag("topic", source).register(registry);
  }

  void replayed() {
    replayed.increment();
  }

  void rebalanced() {
    rebalances.increment();
  }

  private Timer histogram(String name, String description) {
    return Timer.builder(name).description(description).publishPercentileHistogram()
        .minimumExpectedValue(Duration.ofMillis(1)).maximumExpectedValue(Duration.ofMinutes(5))
        .register(registry);
  }

  void consumed(long recordTimestampMillis, long nowMillis) {
    consumed.increment();
    consumeLatency.record(Duration.ofMillis(Math.max(0, nowMillis - recordTimestampMillis)));
  }

  void processed(String processor, String outcome) {
    processed.computeIfAbsent(processor + '\u0000' + outcome, ignored -> Counter.builder("pipeline.records.processed")
        .description("Records per processor and outcome (ok, dropped, error)")
        .tag("processor", processor).tag("outcome", outcome).register(registry)).increment();
  }

  void cacheWrite(boolean hit) {
    (hit ? cacheHits : cacheMisses).increment();
  }

  void published() {
    pubsubMessages.increment();
  }

  void endToEnd(long recordTimestampMillis, long nowMillis) {
    endToEnd.record(Duration.ofMillis(Math.max(0, nowMillis - recordTimestampMillis)));
  }

  void deadLettered() {
    deadLettered.increment();
  }

  /** A record whose dead-letter write can never succeed, by the Kafka error's class name. */
  void deadLetterFailed(String reason) {
    deadLetterFailures.computeIfAbsent(reason, ignored -> Counter.builder("tributary.dead.letter.failures")
        .description("Records whose dead-letter write failed for a reason retrying cannot fix; the partition waits")
        .tag("reason", reason).register(registry)).increment();
  }

  void taskStarted() {
    tasksStarted.increment();
  }

  void taskFinished(boolean succeeded, Duration duration) {
    (succeeded ? tasksSucceeded : tasksFailed).increment();
    taskDuration.record(duration);
  }
}
