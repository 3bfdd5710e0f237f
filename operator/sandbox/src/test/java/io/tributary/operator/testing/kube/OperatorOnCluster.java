package io.tributary.operator.testing.kube;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.tributary.operator.TributaryOperator;
import io.tributary.operator.config.OperatorSettings;
import io.tributary.operator.topics.KafkaTopicAdmin;

/**
 * The operator in its production configuration ({@link TributaryOperator} with the Kafka Admin topic
 * factory and the standard extensions, as {@code run} builds it) against a real control plane,
 * authenticated by whatever client it is given (the admin's, or a ServiceAccount token's to test
 * RBAC). Closing it stops the operator and closes the client.
 */
public final class OperatorOnCluster implements AutoCloseable {
  private final KubernetesClient client;
  private final KafkaTopicAdmin.CachingFactory topicAdmins = new KafkaTopicAdmin.CachingFactory();
  private final PrometheusMeterRegistry meters = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
  private final TributaryOperator operator;

  private OperatorOnCluster(KubernetesClient client, OperatorSettings settings) {
    this.client = client;
    this.operator = TributaryOperator.builder(client)
        .settings(settings)
        .topicAdmins(topicAdmins)
        .meters(meters)
        .standardExtensions()
        .build()
        .start();
  }

  /** Starts the operator with {@code client} (owned from now on) and default settings: all namespaces. */
  public static OperatorOnCluster start(KubernetesClient client) {
    return start(client, OperatorSettings.defaults());
  }

  public static OperatorOnCluster start(KubernetesClient client, OperatorSettings settings) {
    try {
      return new OperatorOnCluster(client, settings);
    } catch (RuntimeException e) {
      client.close();
      throw e;
    }
  }

  public TributaryOperator operator() {
    return operator;
  }

  /** The operator's meter registry. */
  public io.micrometer.core.instrument.MeterRegistry meters() {
    return meters;
  }

  /** The operator's metrics, in Prometheus text format (as {@code /metrics} serves them). */
  public String scrape() {
    return meters.scrape();
  }

  @Override
  public void close() {
    operator.close();
    topicAdmins.close();
    client.close();
  }
}
