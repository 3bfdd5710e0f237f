package io.tributary.operator.sandbox;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.tributary.operator.OperatorExtension;
import io.tributary.operator.TributaryOperator;
import io.tributary.operator.config.OperatorSettings;
import io.tributary.operator.topics.KafkaTopicAdmin;
import java.util.List;
import java.util.function.Supplier;

/**
 * The operator as {@code run} assembles it ({@link TributaryOperator} with the Kafka Admin topic
 * factory and default settings: all namespaces, no leader election), against the sandbox's API.
 * Nothing in it knows about the sandbox.
 */
public final class ProductionOperator implements OperatorStarter {
  private final List<Supplier<OperatorExtension>> extensions;

  /** The operator with no extensions. */
  public ProductionOperator() {
    this(List.of());
  }

  /**
   * @param extensions parts registered on the operator as in {@code run} (e.g. the lag
   *     autoscaler); suppliers because each start needs fresh instances
   */
  public ProductionOperator(List<Supplier<OperatorExtension>> extensions) {
    this.extensions = List.copyOf(extensions);
  }

  @Override
  public AutoCloseable start(KubernetesClient client, String kafkaBootstrapServers) {
    KafkaTopicAdmin.CachingFactory topicAdmins = new KafkaTopicAdmin.CachingFactory();
    TributaryOperator.Builder builder = TributaryOperator.builder(client)
        .settings(OperatorSettings.defaults())
        .topicAdmins(topicAdmins)
        .meters(new PrometheusMeterRegistry(PrometheusConfig.DEFAULT));
    extensions.forEach(extension -> builder.extension(extension.get()));
    TributaryOperator operator = builder.build().start();
    return () -> {
      operator.close();
      topicAdmins.close();
    };
  }
}
