package io.tributary.operator.sandbox;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.tributary.operator.TributaryOperator;
import io.tributary.operator.config.OperatorSettings;
import io.tributary.operator.ops.HealthState;
import io.tributary.operator.ops.OpsServer;
import io.tributary.operator.topics.KafkaTopicAdmin;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Optional;

/**
 * The operator as {@code run} assembles it ({@link TributaryOperator} with the Kafka Admin topic
 * factory, the standard extensions such as the lag autoscaler, and default settings: all
 * namespaces, no leader election), against the sandbox's API, with its {@code /metrics},
 * {@code /healthz} and {@code /readyz} on free ports of 127.0.0.1. Nothing in it knows about the
 * sandbox.
 */
public final class ProductionOperator implements OperatorStarter {
  @Override
  public RunningOperator start(KubernetesClient client, String kafkaBootstrapServers) {
    PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    HealthState health = new HealthState();
    OpsServer ops;
    try {
      ops = OpsServer.start("127.0.0.1", 0, 0, registry, health);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot serve the operator's metrics on 127.0.0.1", e);
    }
    KafkaTopicAdmin.CachingFactory topicAdmins = new KafkaTopicAdmin.CachingFactory();
    TributaryOperator operator;
    try {
      operator = TributaryOperator.builder(client)
          .settings(OperatorSettings.defaults())
          .topicAdmins(topicAdmins)
          .meters(registry)
          .health(health)
          .standardExtensions()
          .build()
          .start();
    } catch (RuntimeException e) {
      ops.close();
      topicAdmins.close();
      throw e;
    }
    String metricsUrl = "http://127.0.0.1:" + ops.metricsPort() + "/metrics";
    return new RunningOperator() {
      @Override
      public Optional<String> metricsUrl() {
        return Optional.of(metricsUrl);
      }

      @Override
      public void close() {
        operator.close();
        topicAdmins.close();
        ops.close();
      }
    };
  }
}
