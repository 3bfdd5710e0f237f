package io.tributary.runtime.worker;

import io.tributary.runtime.ops.RedisAccess;
import io.tributary.runtime.config.InputConfig;
import io.tributary.runtime.config.KeyPrefix;
import io.tributary.runtime.config.RecordTemplate;
import io.tributary.runtime.config.RuntimeConfig;
import io.tributary.runtime.config.WorkerConfig;
import io.tributary.runtime.ops.Connections;
import io.tributary.runtime.ops.RoleContext;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BooleanSupplier;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@code worker} role: reads its input (Kafka topic or Redis stream), runs the processor
 * chain per batch under the error policy, and commits/acknowledges only what is done. Runs until
 * the lifecycle asks it to stop, then finishes the batch in flight and returns.
 */
public final class WorkerRole {
  private static final Logger LOG = LoggerFactory.getLogger(WorkerRole.class);
  /** Longest wait for one stage of a batch (forwards, scripts, dead letters). */
  static final Duration STAGE_TIMEOUT = Duration.ofSeconds(40);
  static final int BATCH_SIZE = 500;

  private WorkerRole() {}

  /**
   * Runs the worker until a stop is requested.
   *
   * @return the process exit code: 0 after a clean stop
   * @throws IllegalArgumentException when the processors cannot be built (e.g. a missing plug-in)
   */
  public static int run(RoleContext context) {
    // not ready until Redis answered and (for a topic) the consumer joined its group
    AtomicReference<RedisAccess.Session> probeRef = new AtomicReference<>();
    AtomicReference<BooleanSupplier> kafkaReady = new AtomicReference<>(() -> false);
    context.ops().addReadinessCheck("redis", () -> probeRef.get() != null && Connections.redisAnswers(probeRef.get()));
    context.ops().addReadinessCheck("kafka", () -> kafkaReady.get().getAsBoolean());
    RuntimeConfig config = context.config();
    WorkerConfig worker = config.worker();
    // the one prefix of every Redis name this worker touches: templates, ledger, input stream
    KeyPrefix prefix = config.redis() == null ? KeyPrefix.NONE : config.redis().prefix();
    ProcessorChain chain = ProcessorChain.compile(worker.processors(),
        PluginRegistry.load(Thread.currentThread().getContextClassLoader()),
        config.redis() == null ? RecordTemplate.DEFAULT_MAX_VALUE_BYTES : config.redis().templateValueBound(),
        prefix, config.redis() != null && config.redis().clusterMode());
    InputConfig input = worker.input();
    String source = input.topic() != null ? input.topic().name() : input.redisStream().stream();
    WorkerMetrics metrics = new WorkerMetrics(context.registry(), source);
    Map<String, Object> kafka = Connections.kafkaProperties(config, context.env());

    RedisAccess redisClient = Connections.redisAccess(config, context.env());
    try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(producerProperties(kafka),
        new ByteArraySerializer(), new ByteArraySerializer())) {
      RedisAccess.Session batchConnection = connectWithRetry(redisClient, context);
      RedisAccess.Session probe = connectWithRetry(redisClient, context);
      if (batchConnection == null || probe == null) {
        return 0; // stopped before Redis ever answered
      }
      probeRef.set(probe);
      String group = input.topic() != null ? input.topic().consumerGroupOr(config.defaultConsumerGroup())
          : input.redisStream().group();
      ReplayGuard guard = input.topic() == null
          ? redisClient.cluster() ? ReplayGuard.streamOnCluster(group, input.redisStream().stream(), prefix)
              : ReplayGuard.stream(group)
          : redisClient.cluster() ? ReplayGuard.kafkaOnCluster(group, prefix) : ReplayGuard.kafka(group, prefix);
      BatchProcessor processor = new BatchProcessor(chain,
          new BatchExecutor(batchConnection, producer, STAGE_TIMEOUT, guard, config.redis().replicasToWaitFor()),
          new DeadLetterPublisher(producer, config.deadLetterTopic(), config.component()),
          worker.errorPolicy(), metrics, context.lifecycle(), STAGE_TIMEOUT);
      context.ops().addReadinessProblem("dead-letter", processor::deadLetterProblem);
      if (input.topic() != null) {
        try (KafkaTopicInput topic = new KafkaTopicInput(kafka, input.topic().name(), group, BATCH_SIZE,
            context.lifecycle(), metrics::rebalanced)) {
          kafkaReady.set(topic::joined);
          LOG.info("worker reading topic {} in group {} with processors {}", input.topic().name(), group, chain.kinds());
          topic.run(processor);
        }
      } else {
        InputConfig.RedisStream stream = input.redisStream();
        String consumer = stream.consumer() != null ? stream.consumer() : Connections.hostname(context.env());
        kafkaReady.set(() -> true); // Kafka is only needed for forwards and dead letters here
        String streamName = prefix.apply(stream.stream());
        try (RedisStreamInput streamInput = new RedisStreamInput(redisClient, streamName, stream.group(),
            consumer, stream.claimIdleTimeoutDuration(), BATCH_SIZE, context.lifecycle(), metrics)) {
          LOG.info("worker reading stream {} in group {} as {} with processors {}", streamName,
              stream.group(), consumer, chain.kinds());
          streamInput.run(processor);
        }
      }
      batchConnection.close();
      probe.close();
    } finally {
      redisClient.shutdown(Duration.ZERO, Duration.ofSeconds(2));
    }
    LOG.info("worker stopped");
    return 0;
  }

  private static RedisAccess.Session connectWithRetry(RedisAccess client, RoleContext context) {
    int failures = 0;
    while (!context.lifecycle().isStopping()) {
      try {
        return client.connect();
      } catch (RuntimeException e) {
        failures++;
        LOG.warn("cannot connect to Redis (try {}), retrying: {}", failures, Connections.redisConnectFailure(e));
        context.lifecycle().sleep(Duration.ofMillis(Math.min(5000, 200L << Math.min(5, failures - 1))));
      }
    }
    return null;
  }

  static Map<String, Object> producerProperties(Map<String, Object> kafka) {
    Map<String, Object> props = new HashMap<>(kafka);
    props.put("acks", "all");
    props.put("enable.idempotence", "true");
    props.putIfAbsent("linger.ms", "5");
    props.putIfAbsent("request.timeout.ms", "10000");
    props.putIfAbsent("delivery.timeout.ms", "30000");
    props.putIfAbsent("max.block.ms", "10000");
    return props;
  }
}
