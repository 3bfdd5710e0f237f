package io.tributary.operator;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.tributary.operator.config.OperatorSettings;
import io.tributary.operator.ops.HealthState;
import io.tributary.operator.ops.OpsServer;
import io.tributary.operator.topics.KafkaTopicAdmin;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;

/**
 * {@code run}: the operator against the cluster of the current kube config / service account,
 * configured by the environment ({@link OperatorSettings}), serving {@code /metrics},
 * {@code /healthz} and {@code /readyz}, until SIGTERM.
 */
@Command(name = "run", description = "Run the operator against the current cluster (the default).")
public final class RunCommand implements Callable<Integer> {
  private static final Logger log = LoggerFactory.getLogger(RunCommand.class);

  @Override
  public Integer call() {
    OperatorSettings settings;
    try {
      settings = OperatorSettings.fromEnvironment();
    } catch (IllegalArgumentException e) {
      System.err.println("tributary-operator: " + e.getMessage());
      return 2;
    }
    PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    new JvmMemoryMetrics().bindTo(registry);
    new JvmGcMetrics().bindTo(registry);
    new JvmThreadMetrics().bindTo(registry);
    new ProcessorMetrics().bindTo(registry);
    HealthState health = new HealthState();
    CountDownLatch stopped = new CountDownLatch(1);
    try (KubernetesClient client = new KubernetesClientBuilder().build();
        KafkaTopicAdmin.CachingFactory topicAdmins = new KafkaTopicAdmin.CachingFactory();
        OpsServer ops = OpsServer.start(bindAddress(), settings.metricsPort(), settings.healthPort(), registry, health)) {
      TributaryOperator operator =
          TributaryOperator.builder(client)
              .settings(settings)
              .topicAdmins(topicAdmins)
              .meters(registry)
              .health(health)
              .standardExtensions()
              .build();
      Runtime.getRuntime().addShutdownHook(new Thread(() -> {
        log.info("stopping");
        operator.close();
        stopped.countDown();
      }, "shutdown"));
      log.info("starting: runtime image {}, namespaces {}, leader election {}, metrics :{}, health :{}",
          settings.runtimeImage(), settings.watchNamespaces().isEmpty() ? "all" : settings.watchNamespaces(),
          settings.leaderElection().map(Object::toString).orElse("off"), ops.metricsPort(), ops.healthPort());
      operator.start();
      stopped.await();
      return 0;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return 1;
    } catch (Exception e) {
      log.error("operator failed", e);
      return 1;
    }
  }

  /**
   * Where /metrics and the probes listen: every interface in a pod (the kubelet and Prometheus
   * reach the pod's IP); {@code TRIBUTARY_BIND_ADDRESS=127.0.0.1} for an operator run on a
   * workstation or in tests.
   */
  private static String bindAddress() {
    String address = System.getenv("TRIBUTARY_BIND_ADDRESS");
    return address == null || address.isBlank() ? "0.0.0.0" : address.trim();
  }
}
