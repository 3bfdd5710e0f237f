package io.tributary.operator.testing;

import io.fabric8.kubernetes.client.utils.Serialization;
import io.tributary.api.v1alpha1.EtlSchedule;
import io.tributary.api.v1alpha1.Pipeline;
import io.tributary.api.v1alpha1.Producer;
import io.tributary.api.v1alpha1.Worker;

/** Example resources, written as the YAML a user would apply. */
public final class Fixtures {
  public static final String NAMESPACE = "default";
  /**
   * Operator settings for the tests that wait for what the operator does not watch (a Secret
   * labelled, a password rotated): rechecks every 2 s instead of 30 s, so they wait seconds.
   */
  public static final io.tributary.operator.config.OperatorSettings FAST_RECHECKS =
      io.tributary.operator.config.OperatorSettings.defaults()
          .withRechecks(new io.tributary.operator.config.Rechecks(java.time.Duration.ofSeconds(2)));

  private Fixtures() {}

  public static Pipeline strimziPipeline(String name) {
    return Serialization.unmarshal("""
        apiVersion: tributary.io/v1alpha1
        kind: Pipeline
        metadata: {name: %s, namespace: default}
        spec:
          kafka:
            strimzi: {cluster: my-cluster, listener: plain}
          redis:
            url: redis://redis.default.svc:6379/0
          topics:
            - {name: market-data-stream, partitions: 6, replicas: 1, retention: 7d}
          monitoring:
            podMonitor: {enabled: true, labels: {release: kube-prometheus-stack}}
          topicDeletionPolicy: Retain
        """.formatted(name), Pipeline.class);
  }

  public static Pipeline plainPipeline(String name, String policy) {
    return Serialization.unmarshal("""
        apiVersion: tributary.io/v1alpha1
        kind: Pipeline
        metadata: {name: %s, namespace: default}
        spec:
          kafka:
            bootstrapServers: kafka-0.kafka:9092
          redis:
            url: redis://redis.default.svc:6379/0
          topics:
            - {name: payments, partitions: 3, replicas: 1, retention: 1d, config: {cleanup.policy: delete}}
          deadLetter: {topic: payments-dead}
          topicDeletionPolicy: %s
        """.formatted(name, policy), Pipeline.class);
  }

  public static Producer marketDataProducer(String name, String pipeline) {
    return Serialization.unmarshal("""
        apiVersion: tributary.io/v1alpha1
        kind: Producer
        metadata: {name: %s, namespace: default}
        spec:
          pipeline: %s
          topic: market-data-stream
          replicas: 1
          source:
            marketData: {symbols: [AAPL, MSFT], intervalMs: 1000, seed: 42}
          key: symbol
        """.formatted(name, pipeline), Producer.class);
  }

  /**
   * A Secret of {@code namespace}, labelled {@code tributary.io/usable-by-pipelines: "true"}
   * ({@code usable}) or not.
   */
  public static io.fabric8.kubernetes.api.model.Secret secret(String name, boolean usable, java.util.Map<String, String> data) {
    var metadata = new io.fabric8.kubernetes.api.model.ObjectMetaBuilder().withName(name).withNamespace(NAMESPACE);
    if (usable) {
      metadata.addToLabels(io.tributary.api.v1alpha1.TributaryApi.USABLE_BY_PIPELINES_LABEL,
          io.tributary.api.v1alpha1.TributaryApi.USABLE_BY_PIPELINES_VALUE);
    }
    return new io.fabric8.kubernetes.api.model.SecretBuilder().withMetadata(metadata.build()).withStringData(data).build();
  }

  public static Producer httpProducer(String name, String pipeline) {
    return Serialization.unmarshal("""
        apiVersion: tributary.io/v1alpha1
        kind: Producer
        metadata: {name: %s, namespace: default}
        spec:
          pipeline: %s
          topic: payments
          source:
            http: {port: 8080, path: /v1/records, tokenSecretRef: {name: ingest-token, key: token}}
          key: payment_id
        """.formatted(name, pipeline), Producer.class);
  }

  public static Worker cacheWorker(String name, String pipeline) {
    return Serialization.unmarshal("""
        apiVersion: tributary.io/v1alpha1
        kind: Worker
        metadata: {name: %s, namespace: default}
        spec:
          pipeline: %s
          input:
            topic: {name: market-data-stream}
          processors:
            - cacheLatest: {key: "market_data:{symbol}:latest", ttl: 5m}
            - publish: {channel: "tasks:market_data:{symbol}"}
          errorPolicy: {maxAttempts: 3, backoff: {initial: 200ms, multiplier: 2, max: 10s}, deadLetter: true}
          replicas: 2
        """.formatted(name, pipeline), Worker.class);
  }

  public static EtlSchedule etl(String name, String pipeline) {
    return Serialization.unmarshal("""
        apiVersion: tributary.io/v1alpha1
        kind: EtlSchedule
        metadata: {name: %s, namespace: default}
        spec:
          pipeline: %s
          schedule: "*/15 * * * *"
          timeZone: UTC
          concurrencyPolicy: Forbid
          startingDeadlineSeconds: 300
          suspend: false
          retries: {limit: 3, delay: 5m, multiplier: 2}
          activeDeadlineSeconds: 3600
          history: {successful: 3, failed: 1}
          extract:
            topic: {name: market-data-stream, maxRecords: 100000}
          transform:
            - filter: {field: price, op: gt, value: 0}
            - aggregate: {groupBy: [symbol], count: true, avg: [price]}
          load:
            redisHash: {key: "market_data:{symbol}:15m", ttl: 1d}
          quality: {minRecords: 1, requiredFields: [symbol]}
        """.formatted(name, pipeline), EtlSchedule.class);
  }
}
