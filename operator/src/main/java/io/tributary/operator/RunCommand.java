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
    String bindAddress;
    try {
      settings = OperatorSettings.fromEnvironment();
      bindAddress = bindAddress(System.getenv());
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
        OpsServer ops = OpsServer.start(bindAddress, settings.metricsPort(), settings.healthPort(), registry, health)) {
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
  static String bindAddress(java.util.Map<String, String> env) {
    String address = env.get("TRIBUTARY_BIND_ADDRESS");
    if (address == null || address.isBlank()) {
      return "0.0.0.0";
    }
    String trimmed = address.trim();
    // a literal IP only: a host name would be resolved (DNS) at start and could bind elsewhere than meant
    if (!trimmed.matches("[0-9.]+|[0-9A-Fa-f:]*:[0-9A-Fa-f:.]*")) {
      throw new IllegalArgumentException("TRIBUTARY_BIND_ADDRESS=" + quoted(trimmed)
          + " is not an IP address (e.g. 0.0.0.0, 127.0.0.1, ::)");
    }
    try {
      java.net.InetAddress.getByName(trimmed);
    } catch (java.net.UnknownHostException e) {
      throw new IllegalArgumentException("TRIBUTARY_BIND_ADDRESS=" + quoted(trimmed)
          + " is not an IP address (e.g. 0.0.0.0, 127.0.0.1, ::)");
    }
    return trimmed;
  }

  private static String quoted(String value) {
    String shown = value.length() > 64 ? value.substring(0, 64) + "…" : value;
    return "\"" + shown + "\"";
  }
}
