package io.tributary.runtime.config;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * The whole configuration of one workload: the JSON document the operator mounts at
 * {@code /etc/tributary/config.json}. Exactly one of {@code producer}, {@code worker},
 * {@code etl} is set, the one named by {@code role}. Build it, then check it with
 * {@link ConfigValidator#validate(RuntimeConfig)}; read it with {@link RuntimeConfigs}.
 *
 * @param pipeline required, the Pipeline name (a metric tag)
 * @param namespace the Kubernetes namespace; optional
 * @param component required, the Producer/Worker/EtlSchedule name (a metric tag)
 * @param role required
 * @param kafka required
 * @param redis required for workers and ETL runs that touch Redis (its url may come from
 *     {@link SecretEnv#REDIS_URL})
 * @param deadLetterTopic default {@code <pipeline>.dlq}
 * @param metricsPort port of {@code /metrics}, {@code /healthz}, {@code /readyz}; default 9404
 * @param producer the section of role {@code producer}
 * @param worker the section of role {@code worker}
 * @param etl the section of role {@code etl}
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record RuntimeConfig(
    String pipeline,
    String namespace,
    String component,
    Role role,
    KafkaConfig kafka,
    RedisConfig redis,
    String deadLetterTopic,
    Integer metricsPort,
    ProducerConfig producer,
    WorkerConfig worker,
    EtlConfig etl) {

  public static final int DEFAULT_METRICS_PORT = 9404;

  public RuntimeConfig {
    if (deadLetterTopic == null && pipeline != null) {
      deadLetterTopic = pipeline + ".dlq";
    }
    metricsPort = metricsPort == null ? DEFAULT_METRICS_PORT : metricsPort;
  }

  /** A producer's configuration. */
  public static RuntimeConfig producer(
      String pipeline, String namespace, String component, KafkaConfig kafka,
      ProducerConfig producer) {
    return new RuntimeConfig(pipeline, namespace, component, Role.PRODUCER, kafka, null, null, null,
        producer, null, null);
  }

  /** A worker's configuration; {@code deadLetterTopic} null means {@code <pipeline>.dlq}. */
  public static RuntimeConfig worker(
      String pipeline, String namespace, String component, KafkaConfig kafka, RedisConfig redis,
      String deadLetterTopic, WorkerConfig worker) {
    return new RuntimeConfig(pipeline, namespace, component, Role.WORKER, kafka, redis,
        deadLetterTopic, null, null, worker, null);
  }

  /** An ETL run's configuration. */
  public static RuntimeConfig etl(
      String pipeline, String namespace, String component, KafkaConfig kafka, RedisConfig redis,
      EtlConfig etl) {
    return new RuntimeConfig(pipeline, namespace, component, Role.ETL, kafka, redis, null, null,
        null, null, etl);
  }

  /** The consumer group when a topic input or extract names none: {@link #defaultConsumerGroup(Role, String, String)}. */
  public String defaultConsumerGroup() {
    return defaultConsumerGroup(role, pipeline, component);
  }

  /**
   * The one rule for default consumer group names (the operator uses it too, for lag and for
   * collisions): a worker's is {@code <pipeline>.<component>}, an ETL's {@code
   * <pipeline>.etl.<component>}. Each kind has its own namespace so that a Worker and an
   * EtlSchedule of the same name never share offsets (the ETL's commit would move the worker's
   * position). The worker keeps the name it always had, so existing workers resume where they
   * were; only the ETL's moved (it was {@code <pipeline>.<component>} too).
   */
  public static String defaultConsumerGroup(Role role, String pipeline, String component) {
    return role == Role.ETL ? pipeline + ".etl." + component : pipeline + "." + component;
  }
}
