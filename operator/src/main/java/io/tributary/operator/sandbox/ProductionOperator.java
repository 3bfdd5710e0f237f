package io.tributary.operator.sandbox;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.tributary.operator.TributaryOperator;
import io.tributary.operator.config.OperatorSettings;
import io.tributary.operator.topics.KafkaTopicAdmin;

/**
 * The operator as {@code run} assembles it ({@link TributaryOperator} with the Kafka Admin topic
 * factory, the standard extensions such as the lag autoscaler, and default settings: all
 * namespaces, no leader election), against the sandbox's API. Nothing in it knows about the
 * sandbox.
 */
public final class ProductionOperator implements OperatorStarter {
  @Override
  public AutoCloseable start(KubernetesClient client, String kafkaBootstrapServers) {
    KafkaTopicAdmin.CachingFactory topicAdmins = new KafkaTopicAdmin.CachingFactory();
    TributaryOperator operator = TributaryOperator.builder(client)
        .settings(OperatorSettings.defaults())
        .topicAdmins(topicAdmins)
        .meters(new PrometheusMeterRegistry(PrometheusConfig.DEFAULT))
        .standardExtensions()
        .build()
        .start();
    return () -> {
      operator.close();
      topicAdmins.close();
    };
  }
}
